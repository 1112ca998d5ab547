import type { Browser } from "playwright-core";
import { call, signupPlayer } from "../support/http";
import { TestNode, startNode } from "../support/server";
import {
  contains,
  eventually,
  launchBrowser,
  bestLoadTime,
  openPage,
  screenshot,
  shownBalance,
} from "./browser";
import {
  buy,
  chooseAuthMode,
  openSignedIn,
  recordBalance,
  recordedBalance,
  signUpInPage,
} from "./playerPage";

/** Signup grant of the test node (settings default). */
const GRANT = 100;

describe("Web: player page", () => {
  let node: TestNode;
  let browser: Browser;

  beforeAll(async () => {
    node = await startNode();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await node?.stop();
  });

  beforeEach(async () => {
    await node.reset();
  });

  test("signs up, counts the balance up and buys generators by quantity", async () => {
    const { context, page, errors } = await openPage(browser);
    await signUpInPage(page, node.baseUrl, "ada");
    await eventually(() => shownBalance(page), GRANT);
    expect(await page.textContent("#income")).toBe("+0 per second");
    await page.waitForSelector('.item.affordable[data-item="1"]');

    await buy(page, 1);
    await eventually(() => page.textContent("#income"), "+1 per second");
    await eventually(
      () => page.textContent("#catalog-message"),
      contains("Bought 1 × Lemonade Stand"),
    );
    await recordBalance(page);
    await eventually(() => shownBalance(page), GRANT - 50 + 3, 5000);

    const grant = await call(node.baseUrl, "POST", "/api/admin/grants", {
      token: process.env.ADMIN_TOKEN,
      body: { username: "ada", amount: 1000, reason: "test" },
    });
    expect(grant.status).toBe(200);
    await eventually(
      () => shownBalance(page),
      (shown) => shown >= 1050,
      4000,
    );
    await buy(page, 2, 2);
    await eventually(() => page.textContent("#income"), "+19 per second");
    await eventually(() => page.locator("#ledger-body tr").count(), 4);
    expect(await page.textContent("#ledger-body")).toContain(
      "Bought 2 × Paper Route",
    );
    expect(nonDecreasingExceptAt(await recordedBalance(page), 50)).toBe(true);
    expect(await page.getAttribute("#link-status", "data-status")).toMatch(
      /^(live|polling)$/,
    );
    await screenshot(page, "player");
    expect(errors).toEqual([]);
    await context.close();
  });

  test("shows a transfer to another player within seconds", async () => {
    const bob = await signupPlayer(node.baseUrl, "bob");
    const sender = await openPage(browser);
    const receiver = await openPage(browser);
    await signUpInPage(sender.page, node.baseUrl, "alice");
    await openSignedIn(receiver.page, node.baseUrl, bob.token);
    await eventually(() => shownBalance(receiver.page), GRANT);

    await sender.page.fill("#transfer-to", "bob");
    await sender.page.fill("#transfer-amount", "30");
    await sender.page.press("#transfer-amount", "Enter");
    await eventually(
      () => sender.page.textContent("#transfer-message"),
      "Sent 30 to bob.",
    );
    await eventually(() => shownBalance(sender.page), GRANT - 30);

    await eventually(() => shownBalance(receiver.page), GRANT + 30, 4000);
    await eventually(
      () => receiver.page.textContent("#ledger-body"),
      contains("From alice"),
      4000,
    );
    const status = await receiver.page.getAttribute(
      "#link-status",
      "data-status",
    );
    expect(status).toMatch(/^(live|polling)$/);
    await screenshot(receiver.page, "player-transfer-received");
    expect([...sender.errors, ...receiver.errors]).toEqual([]);
    await sender.context.close();
    await receiver.context.close();
  });

  test("says what went wrong in plain words", async () => {
    await signupPlayer(node.baseUrl, "carol");
    const { context, page } = await openPage(browser);
    await page.goto(node.baseUrl + "/");
    await chooseAuthMode(page, "login");
    await page.fill("#auth-username", "carol");
    await page.fill("#auth-password", "not-her-password");
    await page.press("#auth-password", "Enter");
    await eventually(
      () => page.textContent("#auth-message"),
      "Wrong username or password.",
    );
    await page.click("#auth-switch");
    await page.fill("#auth-password", "password123");
    await page.press("#auth-password", "Enter");
    await eventually(
      () => page.textContent("#auth-message"),
      "That username is already taken. Please pick another.",
    );

    await page.fill("#auth-username", "carol2");
    await page.press("#auth-password", "Enter");
    await page.waitForSelector("#game-view:not([hidden])");
    await buy(page, 2, 3);
    await eventually(
      () => page.textContent("#catalog-message"),
      "You can't afford that many yet.",
    );
    await page.fill("#transfer-to", "nobody_here");
    await page.fill("#transfer-amount", "5");
    await page.press("#transfer-amount", "Enter");
    await eventually(
      () => page.textContent("#transfer-message"),
      "There is no player with that username.",
    );
    await page.fill("#transfer-to", "carol2");
    await page.press("#transfer-amount", "Enter");
    await eventually(
      () => page.textContent("#transfer-message"),
      "Cannot send money to yourself.",
    );
    await context.close();
  });

  test("loads in under a second, signed in or not", async () => {
    const { token } = await signupPlayer(node.baseUrl, "gus");
    const { context, page, errors } = await openPage(browser);
    expect(await bestLoadTime(page, node.baseUrl + "/")).toBeLessThan(1000);
    await openSignedIn(page, node.baseUrl, token);
    expect(await bestLoadTime(page, node.baseUrl + "/")).toBeLessThan(1000);
    await page.waitForSelector("#game-view:not([hidden])");
    expect(errors).toEqual([]);
    await context.close();
  });

  test("returns to sign-in on logout and when the session has ended", async () => {
    const fay = await signupPlayer(node.baseUrl, "fay");
    const { context, page } = await openPage(browser);
    await openSignedIn(page, node.baseUrl, fay.token);
    await page.click("#logout");
    await page.waitForSelector("#auth-view:not([hidden])");
    expect(await page.textContent("#auth-title")).toBe("Log in");
    expect(await page.inputValue("#auth-username")).toBe("fay");
    expect(
      await page.evaluate(() => localStorage.getItem("accrue.token")),
    ).toBe(null);
    const reply = await call(node.baseUrl, "GET", "/api/me", {
      token: fay.token,
    });
    expect(reply.status).toBe(401);

    await page.evaluate((token) => {
      localStorage.setItem("accrue.token", token);
    }, fay.token);
    await page.reload();
    await eventually(
      () => page.textContent("#auth-message"),
      "Your session has ended. Please log in again.",
    );
    await context.close();
  });

  test("pages through the ledger", async () => {
    const dan = await signupPlayer(node.baseUrl, "dan");
    for (let i = 1; i <= 11; i++) {
      const reply = await call(node.baseUrl, "POST", "/api/admin/grants", {
        token: process.env.ADMIN_TOKEN,
        body: { username: "dan", amount: i, reason: `gift ${i}` },
      });
      expect(reply.status).toBe(200);
    }
    const { context, page } = await openPage(browser);
    await openSignedIn(page, node.baseUrl, dan.token);

    await eventually(() => page.locator("#ledger-body tr").count(), 10);
    expect(await page.textContent("#ledger-body tr:first-child")).toContain(
      "gift 11",
    );
    expect(await page.isDisabled("#ledger-newer")).toBe(true);
    await page.click("#ledger-older");
    await eventually(() => page.locator("#ledger-body tr").count(), 2);
    expect(await page.textContent("#ledger-body")).toContain("Starting money");
    expect(await page.textContent("#ledger-page")).toBe("Page 2");
    expect(await page.isDisabled("#ledger-older")).toBe(true);
    await page.click("#ledger-newer");
    await eventually(() => page.locator("#ledger-body tr").count(), 10);
    await context.close();
  });

  test("fits a 375 px screen and works from the keyboard", async () => {
    const { context, page, errors } = await openPage(browser, {
      width: 375,
      height: 800,
    });
    await page.goto(node.baseUrl + "/");
    await chooseAuthMode(page, "signup");
    await page.focus("#auth-username");
    await page.keyboard.type("erin");
    await page.keyboard.press("Tab");
    await page.keyboard.type("password123");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#game-view:not([hidden])");

    await page.focus('form.buy[data-item="1"] input');
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await eventually(() => page.textContent("#income"), "+1 per second");
    await eventually(() => page.locator("#ledger-body tr").count(), 2);
    const width = await page.evaluate(
      () => document.documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(375);
    await screenshot(page, "player-mobile");
    expect(errors).toEqual([]);
    await context.close();
  });
});

/**
 * True when `values` never go down, except by a drop of at least
 * `minDrop` (a purchase), which the page must show at once.
 */
function nonDecreasingExceptAt(values: number[], minDrop: number): boolean {
  return values.every(
    (value, i) =>
      i === 0 || value >= values[i - 1] || values[i - 1] - value >= minDrop,
  );
}

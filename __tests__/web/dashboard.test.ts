import type { Browser, Page } from "playwright-core";
import { signupPlayer } from "../support/http";
import { TestNode, startNode } from "../support/server";
import {
  contains,
  eventually,
  launchBrowser,
  bestLoadTime,
  openPage,
  screenshot,
} from "./browser";

const ADMIN_TOKEN = process.env.ADMIN_TOKEN!;

describe("Web: dashboard", () => {
  let node: TestNode;
  let browser: Browser;
  const presenceTtl = process.env.PRESENCE_TTL_MS;

  beforeAll(async () => {
    // reset() empties Redis, heartbeats included; beat every second so the
    // node is listed again quickly (the default beats every 5 s).
    process.env.PRESENCE_TTL_MS = "3000";
    node = await startNode();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await node?.stop();
    if (presenceTtl === undefined) delete process.env.PRESENCE_TTL_MS;
    else process.env.PRESENCE_TTL_MS = presenceTtl;
  });

  beforeEach(async () => {
    await node.reset();
  });

  test("names a wrong token (401) and a player's token (403)", async () => {
    const player = await signupPlayer(node.baseUrl, "mallory");
    const { context, page, errors } = await openPage(browser);
    expect(await bestLoadTime(page, node.baseUrl + "/dashboard")).toBeLessThan(
      1000,
    );

    await enterToken(page, "not-the-admin-token-at-all");
    await eventually(
      () => page.textContent("#token-message"),
      contains("(401)"),
    );
    await enterToken(page, player.token);
    await eventually(
      () => page.textContent("#token-message"),
      contains("(403)"),
    );
    expect(await page.isVisible("#dash-view")).toBe(false);
    await screenshot(page, "dashboard-403");
    expect(errors).toEqual([]);
    await context.close();
  });

  test("lists the node, finds a player and grants money", async () => {
    await signupPlayer(node.baseUrl, "zoe");
    const { context, page, errors } = await openPage(browser);
    await page.goto(node.baseUrl + "/dashboard");
    await enterToken(page, ADMIN_TOKEN);

    const row = `#nodes-body tr[data-node="${process.env.NODE_ID}"]`;
    await page.waitForSelector(row);
    expect(await page.textContent(`${row} .role`)).toBe("all");
    await eventually(() => page.textContent("#freshness"), contains("Updated"));
    expect(await page.textContent("#figures")).toContain("Tick period200 ms");
    await eventually(
      () => page.getAttribute("#tick-chart polyline.period", "points"),
      (points) => (points ?? "").split(" ").length >= 3,
      5000,
    );

    await page.fill("#search-query", "zo");
    await page.press("#search-query", "Enter");
    const zoe = '#players-body tr[data-username="zoe"]';
    await page.click(`${zoe} button:has-text("Grant")`);
    await page.keyboard.type("250");
    await page.fill("#grant-reason", "welcome back");
    await page.press("#grant-reason", "Enter");
    await eventually(
      () => page.textContent("#grant-message"),
      "Granted 250 to zoe. Their balance is now 350.",
    );
    await eventually(() => page.textContent(`${zoe} td:nth-child(3)`), "350");
    await page.click(`${zoe} button:has-text("Ledger")`);
    await eventually(
      () => page.textContent("#player-ledger-body tr:first-child"),
      contains("grant"),
    );
    expect(await page.textContent("#player-ledger-title")).toBe(
      "Ledger of zoe",
    );
    await screenshot(page, "dashboard");

    await page.reload();
    await page.waitForSelector(row);
    expect(await page.isVisible("#token-view")).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("says when the data is stale", async () => {
    const { context, page } = await openPage(browser);
    await page.goto(node.baseUrl + "/dashboard");
    await enterToken(page, ADMIN_TOKEN);
    await eventually(
      () => page.getAttribute("#freshness", "data-state"),
      "fresh",
    );

    await page.route("**/api/admin/**", (route) => route.abort());
    await eventually(
      () => page.getAttribute("#freshness", "data-state"),
      "stale",
      5000,
    );
    expect(await page.textContent("#freshness")).toContain(
      "Can't reach the server",
    );
    await screenshot(page, "dashboard-stale");

    await page.unroute("**/api/admin/**");
    await eventually(
      () => page.getAttribute("#freshness", "data-state"),
      "fresh",
      3000,
    );
    await context.close();
  });
});

async function enterToken(page: Page, token: string): Promise<void> {
  await page.waitForSelector("#token-view:not([hidden])");
  await page.fill("#token-input", token);
  await page.press("#token-input", "Enter");
}

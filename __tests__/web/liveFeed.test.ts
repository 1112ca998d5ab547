import type { Browser } from "playwright-core";
import { call, signupPlayer } from "../support/http";
import { TestNode, startNode } from "../support/server";
import {
  contains,
  eventually,
  launchBrowser,
  openPage,
  shownBalance,
} from "./browser";
import {
  mockSocket,
  recordStatuses,
  recordedStatuses,
  refuseSocket,
} from "./mockSocket";
import { openSignedIn, recordBalance, recordedBalance } from "./playerPage";

/**
 * The player page against a scripted `/ws`: what it sends and shows when
 * the socket is refused, drops, asks to reconnect, or pushes states that
 * disagree by rounding or by a real loss.
 */
describe("Web: player page live feed", () => {
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

  test("polls every second when /ws is refused", async () => {
    const ivy = await signupPlayer(node.baseUrl, "ivy");
    const jon = await signupPlayer(node.baseUrl, "jon");
    const { context, page, errors } = await openPage(browser);
    await refuseSocket(page);
    await openSignedIn(page, node.baseUrl, ivy.token);
    await eventually(
      () => page.getAttribute("#link-status", "data-status"),
      "polling",
    );
    expect(await page.textContent("#link-text")).toBe("Polling");

    const sent = await call(node.baseUrl, "POST", "/api/transfers", {
      token: jon.token,
      body: { to: "ivy", amount: 40 },
    });
    expect(sent.status).toBe(200);
    await eventually(() => shownBalance(page), 140, 3000);
    await eventually(
      () => page.textContent("#ledger-body"),
      contains("From jon"),
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  test("reconnects after a drop or a reconnect event, signs in and resyncs", async () => {
    const kim = await signupPlayer(node.baseUrl, "kim");
    let version = kim.state.version;
    const next = (balance: number) => ({
      ...kim.state,
      balance,
      version: ++version,
      asOf: Date.now(),
    });
    const { context, page, errors } = await openPage(browser);
    await recordStatuses(page);
    const sockets = await mockSocket(page, {
      authenticate: (_params, socket) => {
        const state = next(100);
        socket.push("state", state);
        return { state };
      },
      resync: () => ({ state: next(777), entries: [], complete: true }),
    });
    await openSignedIn(page, node.baseUrl, kim.token);
    await eventually(
      () => page.getAttribute("#link-status", "data-status"),
      "live",
    );
    expect(sockets[0].requests).toEqual([
      {
        id: expect.anything(),
        action: "authenticate",
        params: { token: kim.token },
      },
    ]);

    const liveVersion = version;
    await sockets[0].drop();
    await eventually(async () => sockets.length, 2, 3000);
    await eventually(() => shownBalance(page), 777);
    expect(sockets[1].requests.map((r) => r.action)).toEqual([
      "authenticate",
      "resync",
    ]);
    expect(sockets[1].requests[1].params).toEqual({
      sinceVersion: liveVersion,
    });
    await eventually(
      () => page.getAttribute("#link-status", "data-status"),
      "live",
    );
    expect(await recordedStatuses(page)).toEqual([
      "connecting",
      "live",
      "reconnecting",
      "resyncing",
      "live",
    ]);

    sockets[1].push("reconnect", { reason: "drain" });
    await eventually(async () => sockets.length, 3, 3000);
    await eventually(async () => sockets[2].requests.length, 2);
    expect(sockets[2].requests[1].action).toBe("resync");
    expect(errors).toEqual([]);
    await context.close();
  });

  test("counts up between pushes, holds on rounding, drops on a real loss", async () => {
    // 4 units a second: slow enough that one unit of rounding would show.
    const rate = 4;
    const lea = await signupPlayer(node.baseUrl, "lea");
    let version = lea.state.version;
    const state = (balance: number, asOf = Date.now()) => ({
      ...lea.state,
      balance,
      incomePerSecond: rate,
      version: ++version,
      asOf,
    });
    const { context, page } = await openPage(browser);
    let first = state(1000);
    const sockets = await mockSocket(page, {
      authenticate: (_params, socket) => {
        first = state(1000);
        socket.push("state", first);
        return { state: first };
      },
    });
    await openSignedIn(page, node.baseUrl, lea.token);
    await eventually(
      () => shownBalance(page),
      (shown) => shown >= 1000,
    );
    await recordBalance(page);

    // No push for 1.1 s: the number counts up by itself in small steps
    // (one unit, or two when a busy machine skips frames).
    await page.waitForTimeout(1100);
    const counted = await recordedBalance(page);
    const steps = counted.slice(1).map((v, i) => v - counted[i]);
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect(steps.every((step) => step === 1 || step === 2)).toBe(true);

    // A push one unit under the exact balance is rounding: nothing goes down.
    // It is sent in the second half of a unit, so that the page, which runs
    // a few ms behind, already shows the unit the push undercuts.
    const exactAt = (ms: number) => 1000 + (rate * (ms - first.asOf)) / 1000;
    while (exactAt(Date.now()) % 1 < 0.5 || exactAt(Date.now()) % 1 > 0.8) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const asOf = Date.now();
    const exact = exactAt(asOf);
    sockets[0].push("state", state(Math.floor(exact) - 1, asOf));
    await page.waitForTimeout(600);
    const held = await recordedBalance(page);
    expect(held.every((v, i) => i === 0 || v >= held[i - 1])).toBe(true);
    expect(held[held.length - 1]).toBeGreaterThanOrEqual(Math.floor(exact));

    // A push far under it is money spent: the number falls at once, not
    // after the 3 s a hold may last.
    sockets[0].push("state", state(200));
    await eventually(
      () => shownBalance(page),
      (shown) => shown < 300,
      1000,
    );
    await context.close();
  });
});

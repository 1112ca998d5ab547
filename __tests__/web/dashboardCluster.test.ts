import type { Browser } from "playwright-core";
import { Db } from "../../src/store/db";
import { ADMIN_TOKEN, ClusterRun, resetStores } from "../support/cluster";
import { openTestDb } from "../support/db";
import { signupPlayer } from "../support/http";
import type { NodeProcess } from "../support/nodeProcess";
import { eventually, launchBrowser, openPage, screenshot } from "./browser";
import { openSignedIn } from "./playerPage";

/**
 * The dashboard of a real cluster: two front-ends and a worker as child
 * processes on this worker's Postgres and Redis, a player's page on one
 * front-end and the dashboard on the other.
 */
describe("Web: dashboard of a cluster", () => {
  let db: Db;
  let run: ClusterRun;
  let browser: Browser;
  let nodes: NodeProcess[];

  beforeAll(async () => {
    db = await openTestDb();
    await resetStores(db);
    run = new ClusterRun();
    nodes = await run.startAll(["frontend", "frontend", "worker"]);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await run?.stopAll();
    await db?.close();
  }, 30_000);

  test("lists two front-ends and a worker, with each one's online players", async () => {
    const [frontA, frontB, worker] = nodes;
    const { token } = await signupPlayer(frontB.baseUrl, "nia");
    const player = await openPage(browser);
    await openSignedIn(player.page, frontB.baseUrl, token);
    await eventually(
      () => player.page.getAttribute("#link-status", "data-status"),
      "live",
      5000,
    );

    const { context, page, errors } = await openPage(browser);
    await page.goto(frontA.baseUrl + "/dashboard");
    await page.fill("#token-input", ADMIN_TOKEN);
    await page.press("#token-input", "Enter");
    const cell = (node: NodeProcess, column: number) => () =>
      page
        .locator(
          `#nodes-body tr[data-node="${node.nodeId}"] td:nth-child(${column})`,
        )
        .textContent({ timeout: 1000 })
        .catch(() => null);
    await eventually(cell(frontA, 2), "frontend", 10_000);
    await eventually(cell(frontB, 2), "frontend", 10_000);
    await eventually(cell(worker, 2), "worker", 10_000);
    await eventually(cell(frontB, 4), "1", 10_000);
    expect(await cell(frontA, 4)()).toBe("0");
    expect(await page.locator("#nodes-body tr").count()).toBe(3);
    await eventually(
      () => page.textContent("#figures"),
      (text) => text?.includes("Online1") ?? false,
    );
    await screenshot(page, "dashboard-cluster");
    expect([...errors, ...player.errors]).toEqual([]);
    await context.close();
    await player.context.close();
  });
});

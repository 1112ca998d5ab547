import { Db } from "../../src/store/db";
import {
  ClusterRun,
  PRESENCE_TTL_MS,
  dbNowMs,
  incomeErrors,
  insertEarners,
  resetStores,
  tickRows,
  waitFor,
} from "../support/cluster";
import { openTestDb } from "../support/db";

const PLAYERS = 20_000;

/**
 * A worker killed in the middle of a tick: 20k earning players settled in
 * batches of 100, so one tick spans a good part of a second or more.
 */
describe("Cluster: worker killed mid-tick", () => {
  const run = new ClusterRun();
  let db: Db;

  beforeAll(async () => {
    db = await openTestDb();
    await resetStores(db);
  });

  afterAll(async () => {
    await run.stopAll();
    await db?.close();
  }, 30_000);

  test("a new worker carries on and every player earned floor(rate × elapsed) within one unit", async () => {
    const fromMs = await insertEarners(db, PLAYERS, "earner_");
    // Every tick settles every player (no offline slices), 100 at a time.
    const env = { TICK_BATCH_SIZE: "100", OFFLINE_SETTLE_TICKS: "1" };
    const first = await run.start("worker", env);

    // Kill it once a tick has started and settled some players, not all.
    const busy = await waitFor(
      "a tick in progress",
      async () => {
        const rows = await tickRows(db);
        const open = rows.find((row) => !row.finished);
        if (!open) return undefined;
        const settled = await db.query<{ n: string }>(
          "SELECT count(*) AS n FROM players WHERE accrued_ms > $1",
          [open.startedMs],
        );
        const n = Number(settled.rows[0].n);
        return n > 0 && n < PLAYERS ? open : undefined;
      },
      20_000,
      10,
    );
    expect(await run.healthcheck(first)).toBe(0);
    await first.stop("SIGKILL");
    const killed = (await tickRows(db)).find((r) => r.dueMs === busy.dueMs)!;
    expect(killed.finished).toBe(false);

    const second = await run.start("worker", env);
    const restartedAt = await dbNowMs(db);
    // The new worker's ticks settle every player again after the kill.
    await waitFor(
      "a full tick by the new worker",
      async () => {
        const rows = await tickRows(db, restartedAt);
        return rows.some((r) => r.finished && r.nodeId === second.nodeId);
      },
      20_000,
      50,
    );
    const behind = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM players WHERE accrued_ms < $1",
      [restartedAt],
    );
    expect(Number(behind.rows[0].n)).toBe(0);

    expect(await incomeErrors(db, fromMs, "earner_")).toEqual([]);
    // The container health check follows the heartbeats.
    expect(await run.healthcheck(second)).toBe(0);
    await waitFor(
      "the killed worker's heartbeat to expire",
      async () => (await run.healthcheck(first)) === 1,
      PRESENCE_TTL_MS,
      100,
    );
  }, 60_000);
});

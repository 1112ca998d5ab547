import Redis from "ioredis";
import { Db } from "../../src/store/db";
import { redisKeys } from "../../src/store/redisKeys";
import {
  ClusterRun,
  TICK_MS,
  dbNowMs,
  incomeErrors,
  insertEarners,
  longestTickGap,
  resetStores,
  tickRows,
  waitFor,
} from "../support/cluster";
import { openTestDb } from "../support/db";
import { sleep } from "../support/http";
import { NodeProcess } from "../support/nodeProcess";

/** The longest a cluster with a live worker may go without a tick. */
const MAX_TICK_GAP_MS = 5000;

/**
 * Two workers at once share the tick: each due time runs once, income is
 * not doubled, and killing either one keeps ticks coming.
 */
describe("Cluster: two workers", () => {
  const run = new ClusterRun();
  let db: Db;
  let redis: Redis;

  beforeAll(async () => {
    db = await openTestDb();
    await resetStores(db);
    redis = new Redis(process.env.REDIS_URL!);
  });

  afterAll(async () => {
    await run.stopAll();
    redis?.disconnect();
    await db?.close();
  }, 30_000);

  test("ticks run once per due time and go on when either worker is killed", async () => {
    const fromMs = await insertEarners(db, 500, "pair_");
    // Every tick settles every player, so a doubled one would show.
    const env = { OFFLINE_SETTLE_TICKS: "1" };
    let workers = await run.startAll(["worker", "worker"], env);
    await sleep(TICK_MS * 4);

    // Kill the leader, then (with a replacement running) the other one.
    const leader = (await leaderOf(workers))!;
    expect(leader).toBeDefined();
    await leader.stop("SIGKILL");
    workers = [workers.find((w) => w !== leader)!];
    await waitFor(
      "the survivor to lead",
      async () => (await leaderOf(workers)) === workers[0],
      5000,
      50,
    );
    workers.push(await run.start("worker", env));
    await sleep(TICK_MS * 2);
    // A newcomer does not take the lease from a live holder.
    expect(await leaderOf(workers)).toBe(workers[0]);
    await workers[1].stop("SIGKILL");
    const killedMs = await dbNowMs(db);
    await waitFor(
      "a tick after the second kill",
      async () => (await tickRows(db)).some((r) => r.startedMs > killedMs),
      MAX_TICK_GAP_MS,
      50,
    );
    await sleep(TICK_MS * 2);
    const endedMs = await dbNowMs(db);

    const rows = await tickRows(db);
    // No more than 5 s without a tick, up to the end of the window.
    expect(rows.length).toBeGreaterThan(0);
    expect(longestTickGap(rows)).toBeLessThanOrEqual(MAX_TICK_GAP_MS);
    expect(endedMs - rows[rows.length - 1].startedMs).toBeLessThanOrEqual(
      MAX_TICK_GAP_MS,
    );
    // Each due time is a period boundary and ran once.
    for (const row of rows) {
      expect(row.dueMs % TICK_MS).toBe(0);
      expect(row).toMatchObject({ attempts: 1 });
    }
    expect(await incomeErrors(db, fromMs, "pair_")).toEqual([]);
  }, 60_000);

  /** The worker holding the tick lease, if one of `workers` does. */
  async function leaderOf(workers: NodeProcess[]) {
    const holder = await redis.get(redisKeys.tickLeader());
    return workers.find((w) => w.nodeId === holder);
  }
});

import Redis from "ioredis";
import { Db } from "../../src/store/db";
import { redisKeys } from "../../src/store/redisKeys";
import {
  ClusterRun,
  TICK_MS,
  dbNowMs,
  insertEarners,
  resetStores,
  tickRows,
} from "../support/cluster";
import { openTestDb } from "../support/db";
import { sleep } from "../support/http";

const ROUNDS = 3;

/**
 * Three nodes that run the tick scheduler, started at the same moment on an
 * empty Redis, several times over: one leads, no tick runs twice, and no
 * job lands in node-resque's failed queue.
 */
describe("Cluster: simultaneous start", () => {
  let db: Db;
  let redis: Redis;
  let run: ClusterRun | undefined;

  beforeAll(async () => {
    db = await openTestDb();
    await resetStores(db);
    redis = new Redis(process.env.REDIS_URL!);
    await insertEarners(db, 50, "start_");
  });

  afterAll(async () => {
    await run?.stopAll();
    redis?.disconnect();
    await db?.close();
  }, 30_000);

  test("exactly one tick scheduler leads and no tick is duplicated or failed", async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      await redis.flushdb();
      const fromMs = await dbNowMs(db);
      run = new ClusterRun();
      const nodes = await run.startAll(["worker", "worker", "all"], {
        OFFLINE_SETTLE_TICKS: "1",
      });
      await sleep(TICK_MS * 5);

      const taken = nodes.map(
        (n) => n.output().match(/"tick lease taken"/g)?.length ?? 0,
      );
      expect({ round, taken: taken.reduce((x, y) => x + y) }).toEqual({
        round,
        taken: 1,
      });
      const leader = await redis.get(redisKeys.tickLeader());
      expect(nodes[taken.indexOf(1)].nodeId).toBe(leader);

      // At most one tick per period boundary since the round began.
      const rows = await tickRows(db, fromMs);
      const periods = Math.ceil(((await dbNowMs(db)) - fromMs) / TICK_MS);
      expect(rows.length).toBeGreaterThanOrEqual(3);
      expect(rows.length).toBeLessThanOrEqual(periods);
      for (const row of rows) expect(row).toMatchObject({ attempts: 1 });
      expect(await redis.llen("resque:failed")).toBe(0);

      await run.stopAll();
      expect(nodes.map((n) => n.child.exitCode)).toEqual([0, 0, 0]);
      expect(await redis.llen("resque:failed")).toBe(0);
    }
  }, 120_000);
});

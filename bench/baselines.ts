import Redis from "ioredis";
import { Db } from "../src/store/db";
import type { PoolClient } from "pg";
import { settleRange } from "../src/store/players";
import { runTick } from "../src/store/tick";
import { Summary, summarize } from "./stats";

/**
 * The machine's own limits, measured in the same run so that figures can be
 * given as ratios: Postgres's plain UPDATE over the tick's rows, and Redis's
 * pipelined PUBLISH rate.
 */

/** Tick settle versus one plain UPDATE over the same rows. */
export interface SettleBaseline {
  /** What was measured, in words, for the report. */
  method: string;
  /** TICK_BATCH_SIZE of the runTick measured (the nodes' own). */
  batchSize: number;
  /** Rows per second of a whole runTick over every earning player. */
  tickRowsPerSecond: Summary;
  /** Rows per second of `UPDATE players SET balance = balance + 1, ...`. */
  updateRowsPerSecond: Summary;
  /**
   * Rows per second of the tick's own settle statement (settleRange) over
   * every earning player at once: the tick's SQL without its batching.
   */
  oneStatementRowsPerSecond: Summary;
  /** Median tick rows/s over median UPDATE rows/s (target >= 0.7). */
  ratio: number;
  tickMs: number[];
  updateMs: number[];
  oneStatementMs: number[];
  rows: number;
}

/**
 * Alternates `reps` times: a dedicated runTick over all players (no
 * online list, one slice: everyone, in `batchSize` batches with the tick's
 * own transaction settings), the plain UPDATE in one transaction with the
 * same `synchronous_commit = off`, and the tick's settle statement over all
 * rows in one transaction. Each settle starts a second after the previous
 * one so that a whole unit is due to every earning player again. Run with
 * the cluster stopped so nothing else competes.
 */
export async function measureSettle(
  db: Db,
  batchSize: number,
  reps: number,
): Promise<SettleBaseline> {
  const ms = {
    tick: [] as number[],
    update: [] as number[],
    one: [] as number[],
  };
  const rates = {
    tick: [] as number[],
    update: [] as number[],
    one: [] as number[],
  };
  let rows = 0;
  for (let rep = 1; rep <= reps; rep++) {
    await sleep(1000);
    const record = await runTick(db, {
      dueMs: rep,
      nodeId: "bench-baseline",
      batchSize,
    });
    ms.tick.push(record.durationMs);
    rates.tick.push((record.settled * 1000) / Math.max(1, record.durationMs));

    const update = await timed(db, async (client) => {
      const result = await client.query(
        "UPDATE players SET balance = balance + 1, version = version + 1 WHERE income_per_second > 0",
      );
      return result.rowCount ?? 0;
    });
    rows = update.rows;
    ms.update.push(Math.round(update.ms));
    rates.update.push((update.rows * 1000) / update.ms);

    await sleep(1000);
    const one = await timed(
      db,
      async (client) =>
        (await settleRange(client, 0, Number.MAX_SAFE_INTEGER)).length,
    );
    ms.one.push(Math.round(one.ms));
    rates.one.push((one.rows * 1000) / one.ms);
  }
  await db.query("DELETE FROM ticks WHERE node_id = 'bench-baseline'");
  const tick = summarize(rates.tick);
  const update = summarize(rates.update);
  return {
    method:
      "dedicated runTick over all earning players (batches of TICK_BATCH_SIZE, own transactions) vs one plain UPDATE of the same rows, alternated, cluster stopped",
    batchSize,
    tickRowsPerSecond: tick,
    updateRowsPerSecond: update,
    oneStatementRowsPerSecond: summarize(rates.one),
    ratio: tick.median / update.median,
    tickMs: ms.tick,
    updateMs: ms.update,
    oneStatementMs: ms.one,
    rows,
  };
}

/** Runs `work` in a transaction with synchronous_commit off, timed. */
async function timed(db: Db, work: (client: PoolClient) => Promise<number>) {
  const started = performance.now();
  const rows = await db.transaction(async (client) => {
    await client.query("SET LOCAL synchronous_commit = off");
    return work(client);
  });
  return { rows, ms: performance.now() - started };
}

/** Redis's pipelined PUBLISH rate with one subscriber listening. */
export interface PublishBaseline {
  messages: number;
  payloadBytes: number;
  perSecond: number;
}

/**
 * Publishes `count` messages of `payloadBytes` in pipelines of 1,000 to a
 * channel of this run with one subscriber, and times it until the
 * subscriber has received them all.
 */
export async function measurePublish(
  redisUrl: string,
  channel: string,
  count: number,
  payloadBytes: number,
) {
  const publisher = new Redis(redisUrl);
  const subscriber = new Redis(redisUrl);
  try {
    let received = 0;
    await subscriber.subscribe(channel);
    const all = new Promise<void>((resolve) =>
      subscriber.on("messageBuffer", () => {
        received += 1;
        if (received === count) resolve();
      }),
    );
    const payload = "x".repeat(payloadBytes);
    const started = performance.now();
    for (let sent = 0; sent < count; sent += 1000) {
      const pipeline = publisher.pipeline();
      for (let i = sent; i < Math.min(count, sent + 1000); i++)
        pipeline.publish(channel, payload);
      await pipeline.exec();
    }
    await Promise.race([all, sleep(30_000)]);
    const seconds = (performance.now() - started) / 1000;
    return {
      messages: received,
      payloadBytes,
      perSecond: received / seconds,
    } satisfies PublishBaseline;
  } finally {
    publisher.disconnect();
    subscriber.disconnect();
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

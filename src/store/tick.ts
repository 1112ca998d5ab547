import { PlayerState, safeNumber } from "../game/state";
import { Db } from "./db";
import type { PoolClient } from "pg";
import { SettleSlice, nextRange, settleIds, settleRange } from "./players";

/** What one tick did; recorded in the `ticks` table. */
export interface TickRecord {
  /** The period boundary this tick was due at (ms since the epoch). */
  dueMs: number;
  startedAt: number;
  durationMs: number;
  settled: number;
  /** Batches left for the next tick because money actions held their rows. */
  skipped: number;
  /** False when another run already finished this due time. */
  ran: boolean;
}

export interface TickOptions {
  dueMs: number;
  nodeId: string;
  batchSize: number;
  /**
   * Players connected somewhere: settled (and so pushed) every tick. The
   * rest are settled one slice per tick; their reads settle on demand, so
   * they stay exact without a sub-second write.
   */
  onlineIds?: number[];
  /** This tick's slice of the offline players; default: all of them. */
  offlineSlice?: SettleSlice;
  /** Called after each committed batch with the states it changed. */
  onBatch?: (states: PlayerState[]) => void | Promise<void>;
  /** Checked between batches; a stopping node finishes the current one only. */
  shouldStop?: () => boolean;
}

/**
 * Settles earning players in bounded batches, each its own transaction:
 * first everyone online, then this tick's slice of the others. A due time
 * runs once: a duplicate enqueue finds it finished and returns. A run
 * killed mid-way is simply run again; settling is time-based, so players
 * it already settled just get nothing new.
 */
export async function runTick(
  db: Db,
  options: TickOptions,
): Promise<TickRecord> {
  const startedAt = Date.now();
  const claimed = await db.query(
    `INSERT INTO ticks (due_ms, node_id) VALUES ($1, $2)
     ON CONFLICT (due_ms) DO UPDATE SET attempts = ticks.attempts + 1, node_id = $2,
            started_at = clock_timestamp()
      WHERE ticks.finished_at IS NULL
     RETURNING due_ms`,
    [options.dueMs, options.nodeId],
  );
  if (claimed.rowCount === 0) {
    return {
      dueMs: options.dueMs,
      startedAt,
      durationMs: 0,
      settled: 0,
      skipped: 0,
      ran: false,
    };
  }

  const counts = { settled: 0, skipped: 0 };
  const apply = async (states: PlayerState[] | null) => {
    if (states === null) return void (counts.skipped += 1);
    counts.settled += states.length;
    if (states.length > 0) await options.onBatch?.(states);
  };

  const online = [...new Set(options.onlineIds ?? [])].sort((a, b) => a - b);
  for (
    let i = 0;
    i < online.length && !options.shouldStop?.();
    i += options.batchSize
  ) {
    const ids = online.slice(i, i + options.batchSize);
    await apply(await settleWithRetry(db, (client) => settleIds(client, ids)));
  }

  const slice = options.offlineSlice ?? { count: 1, index: 0 };
  for (let cursor = 0; !options.shouldStop?.();) {
    const lastId = await nextRange(db.pool, cursor, options.batchSize, slice);
    if (lastId === null) break;
    const from = cursor;
    await apply(
      await settleWithRetry(db, (client) =>
        settleRange(client, from, lastId, slice),
      ),
    );
    cursor = lastId;
  }
  const { settled, skipped } = counts;

  const durationMs = Date.now() - startedAt;
  await db.query(
    `UPDATE ticks SET finished_at = clock_timestamp(), duration_ms = $2, settled = $3
      WHERE due_ms = $1`,
    [options.dueMs, durationMs, settled],
  );
  return {
    dueMs: options.dueMs,
    startedAt,
    durationMs,
    settled,
    skipped,
    ran: true,
  };
}

/** Postgres' code for a lock wait that hit lock_timeout. */
const LOCK_NOT_AVAILABLE = "55P03";

/**
 * Settles one batch in its own transaction. A batch that keeps meeting a
 * lock held by a money action is left for the next tick (null): those
 * players lose nothing, their next settle covers the time.
 */
async function settleWithRetry(
  db: Db,
  settle: (client: PoolClient) => Promise<PlayerState[]>,
): Promise<PlayerState[] | null> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await db.transaction(async (client) => {
        // A tick batch may be lost in a crash without losing money: settling
        // is time-based, so the next settle credits the same income again
        // from the older row. Not waiting for the WAL flush makes ticks cheap.
        await client.query("SET LOCAL synchronous_commit = off");
        // A row locked by a purchase or transfer is settled inside that
        // transaction. The tick gives way after 200 ms, well before
        // Postgres' 1 s deadlock check, so a money action never fails on a
        // deadlock with a tick.
        await client.query("SET LOCAL lock_timeout = '200ms'");
        return settle(client);
      });
    } catch (error) {
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
    }
  }
  return null;
}

/** The most recent finished ticks, newest first. */
export async function recentTicks(db: Db, limit: number) {
  const result = await db.query<{
    due_ms: string;
    started_at: Date;
    duration_ms: number;
    settled: number;
  }>(
    `SELECT due_ms, started_at, duration_ms, settled FROM ticks
      WHERE finished_at IS NOT NULL ORDER BY due_ms DESC LIMIT $1`,
    [limit],
  );
  return result.rows.map((row) => ({
    dueMs: safeNumber(row.due_ms),
    startedAt: row.started_at.getTime(),
    durationMs: row.duration_ms,
    settled: row.settled,
  }));
}

/** Deletes tick records older than `keepMs`; returns how many. */
export async function pruneTicks(db: Db, keepMs: number): Promise<number> {
  const result = await db.query("DELETE FROM ticks WHERE due_ms < $1", [
    Date.now() - keepMs,
  ]);
  return result.rowCount ?? 0;
}

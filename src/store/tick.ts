import { PlayerState, safeNumber } from "../game/state";
import { Db } from "./db";
import { settleBatch } from "./players";

/** What one tick did; recorded in the `ticks` table. */
export interface TickRecord {
  /** The period boundary this tick was due at (ms since the epoch). */
  dueMs: number;
  startedAt: number;
  durationMs: number;
  settled: number;
  /** False when another run already finished this due time. */
  ran: boolean;
}

export interface TickOptions {
  dueMs: number;
  nodeId: string;
  batchSize: number;
  /** Called after each committed batch with the states it changed. */
  onBatch?: (states: PlayerState[]) => void | Promise<void>;
  /** Checked between batches; a stopping node finishes the current one only. */
  shouldStop?: () => boolean;
}

/**
 * Settles every earning player in bounded batches, each its own transaction.
 * A due time runs once: a duplicate enqueue finds it finished and returns.
 * A run killed mid-way is simply run again; settling is time-based, so the
 * players it already settled just get nothing new.
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
      ran: false,
    };
  }

  let settled = 0;
  let cursor = 0;
  for (;;) {
    const batch = await settleBatch(db.pool, cursor, options.batchSize);
    settled += batch.states.length;
    if (batch.states.length > 0) await options.onBatch?.(batch.states);
    if (batch.lastId === null || options.shouldStop?.()) break;
    cursor = batch.lastId;
  }

  const durationMs = Date.now() - startedAt;
  await db.query(
    `UPDATE ticks SET finished_at = clock_timestamp(), duration_ms = $2, settled = $3
      WHERE due_ms = $1`,
    [options.dueMs, durationMs, settled],
  );
  return { dueMs: options.dueMs, startedAt, durationMs, settled, ran: true };
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

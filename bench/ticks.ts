import { Db } from "../src/store/db";
import { Summary, summarize } from "./stats";

/**
 * Tick figures read back from the `ticks` table, one row per tick: the
 * period is start to start (`started_at`), so it shows the cadence the
 * players saw, whatever the scheduler meant to do.
 */
export interface TickFigures {
  ticks: number;
  periodMs: Summary;
  durationMs: Summary;
  /** How late each tick started after its due time, ms. */
  lateMs: Summary;
  /** Players settled per tick. */
  settled: Summary;
  /** Players settled per second of wall time over the window. */
  settledPerSecond: number;
  /** Rows per second while a tick ran: settled / duration. */
  rowsPerTickSecond: Summary;
  /** Per tick, for the chart: start time (ms) and period (ms). */
  series: { at: number; periodMs: number; durationMs: number }[];
}

interface TickRow {
  due_ms: string;
  started_ms: string;
  duration_ms: number;
  settled: number;
}

/** Ticks that started within [fromMs, toMs]. */
export async function readTicks(
  db: Db,
  fromMs: number,
  toMs: number,
): Promise<TickFigures> {
  const result = await db.query<TickRow>(
    `SELECT due_ms, floor(extract(epoch FROM started_at) * 1000)::BIGINT AS started_ms, duration_ms, settled
       FROM ticks
      WHERE finished_at IS NOT NULL AND started_at BETWEEN to_timestamp($1 / 1000.0) AND to_timestamp($2 / 1000.0)
      ORDER BY started_at`,
    [fromMs, toMs],
  );
  const rows = result.rows.map((r) => ({
    due: Number(r.due_ms),
    start: Number(r.started_ms),
    duration: r.duration_ms,
    settled: r.settled,
  }));
  const periods = rows.slice(1).map((r, i) => r.start - rows[i].start);
  const windowS = (toMs - fromMs) / 1000;
  return {
    ticks: rows.length,
    periodMs: summarize(periods),
    durationMs: summarize(rows.map((r) => r.duration)),
    lateMs: summarize(rows.map((r) => r.start - r.due)),
    settled: summarize(rows.map((r) => r.settled)),
    settledPerSecond: rows.reduce((n, r) => n + r.settled, 0) / windowS,
    rowsPerTickSecond: summarize(
      rows
        .filter((r) => r.duration > 0)
        .map((r) => (r.settled * 1000) / r.duration),
    ),
    series: rows.slice(1).map((r, i) => ({
      at: r.start,
      periodMs: periods[i],
      durationMs: r.duration,
    })),
  };
}

/** Duration of the newest finished tick, for the live progress line. */
export async function lastTickDuration(db: Db): Promise<number | undefined> {
  const result = await db.query<{ duration_ms: number }>(
    "SELECT duration_ms FROM ticks WHERE finished_at IS NOT NULL ORDER BY due_ms DESC LIMIT 1",
  );
  return result.rows[0]?.duration_ms;
}

/** Players settled by ticks that started within [fromMs, toMs]. */
export async function settledBetween(
  db: Db,
  fromMs: number,
  toMs: number,
): Promise<number> {
  const result = await db.query<{ settled: string | null }>(
    `SELECT sum(settled) AS settled FROM ticks
      WHERE finished_at IS NOT NULL AND started_at BETWEEN to_timestamp($1 / 1000.0) AND to_timestamp($2 / 1000.0)`,
    [fromMs, toMs],
  );
  return Number(result.rows[0]?.settled ?? 0);
}

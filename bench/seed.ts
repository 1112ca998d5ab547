import { Db } from "../src/store/db";

/** A progress line on stderr, rewritten in place: `label done/total (pct)`. */
export function progress(label: string, done: number, total: number): void {
  const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
  const width = 30;
  const filled = Math.round((pct / 100) * width);
  process.stderr.write(`\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} (${pct}%)`);
  if (done >= total) process.stderr.write("\n");
}

/** Income rates the seed cycles through: many small earners, a few big. */
const RATES = [1, 1, 2, 3, 5, 9, 18, 80, 700, 6000];

/**
 * Inserts `count` players with varied incomes in multi-row batches via
 * generate_series (one statement per 10,000 rows), showing progress. Their
 * password hash is a placeholder: bench players sign in with tokens.
 */
export async function seedPlayers(db: Db, count: number, prefix = "bench"): Promise<void> {
  const batch = 10_000;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    await db.query(
      `INSERT INTO players (username, password_hash, balance, income_per_second, accrued_ms)
       SELECT $1 || (g + $2), 'x', 1000, ($3::BIGINT[])[1 + (g % $4)], accrue_now_ms()
         FROM generate_series(0, $5 - 1) g`,
      [prefix, start, RATES, RATES.length, n],
    );
    progress("seeding players", start + n, count);
  }
}

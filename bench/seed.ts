import { Db } from "../src/store/db";

let lastProgress = { line: "", at: 0 };

/**
 * A progress line on stderr, `label [####....] done/total (pct)`: rewritten
 * in place at most four times a second on a terminal; elsewhere (CI logs)
 * printed only at each tenth of the way.
 */
export function progress(label: string, done: number, total: number): void {
  const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
  const finished = done >= total;
  const width = 30;
  const filled = Math.round((pct / 100) * width);
  const line = `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} (${pct}%)`;
  const now = Date.now();
  if (line === lastProgress.line || (!finished && now - lastProgress.at < 250))
    return;
  if (
    !process.stderr.isTTY &&
    !finished &&
    Math.floor(pct / 10) === Math.floor(pctOf(lastProgress.line) / 10)
  )
    return;
  lastProgress = { line, at: now };
  process.stderr.write(
    process.stderr.isTTY ? `\r${line}${finished ? "\n" : ""}` : `${line}\n`,
  );
}

function pctOf(line: string): number {
  return Number(/\((\d+)%\)$/.exec(line)?.[1] ?? -100);
}

/** Income rates the seed cycles through: many small earners, a few big. */
const RATES = [1, 1, 2, 3, 5, 9, 18, 80, 700, 6000];

/**
 * Inserts `count` players with varied incomes in multi-row batches via
 * generate_series (one statement per 10,000 rows), showing progress. Their
 * password hash is a placeholder: bench players sign in with tokens.
 */
export async function seedPlayers(
  db: Db,
  count: number,
  prefix = "bench",
): Promise<void> {
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

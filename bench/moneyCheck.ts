import { Db } from "../src/store/db";

/**
 * The money check: every player's balance, settled at one instant T, must
 * equal what the ledger and elapsed time say, piece by piece. Starting from
 * the row copied to `bench_initial` before the cluster started, income runs
 * at the player's rate, which changes only at purchase entries (by the
 * item's income x quantity). With U(t) the unit-milliseconds earned up to t
 * (sum of rate x elapsed over the pieces, plus the initial carry), the
 * balance at t must be  initial + sum of entry amounts up to t + floor(U(t) / 1000).
 * This is checked at every ledger entry (its `balance_after` at its `as_of`)
 * and at T for the players row, settled with the same SQL function as the
 * server (accrue_unit_ms). Run it once nothing writes any more.
 */
export interface MoneyCheck {
  /** The instant everyone was settled at, ms (database clock). */
  atMs: number;
  players: number;
  entries: number;
  /** Players whose settled balance at T differs from the expectation. */
  balanceMismatches: number;
  /** Ledger entries whose balance_after differs from the expectation. */
  entryMismatches: number;
  /** Players whose income differs from initial plus purchases. */
  rateMismatches: number;
  /** Sum over players of (actual - expected) at T, units. */
  netDifference: number;
  /** Up to five mismatching players, for the report. */
  examples: Record<string, unknown>[];
  exact: boolean;
}

/** Runs the check; see the file comment. */
export async function checkMoney(db: Db): Promise<MoneyCheck> {
  const at = Number(
    (await db.query<{ t: string }>("SELECT accrue_now_ms() AS t")).rows[0].t,
  );
  const counts = (
    await db.query<Record<string, string>>(`${COMPARED} ${COUNTS}`, [at])
  ).rows[0];
  const examples = await db.query<Record<string, unknown>>(
    `${COMPARED} ${EXAMPLES}`,
    [at],
  );
  const figures = {
    atMs: at,
    players: Number(counts.players),
    entries: Number(counts.entries),
    balanceMismatches: Number(counts.balance_mismatches),
    entryMismatches: Number(counts.entry_mismatches),
    rateMismatches: Number(counts.rate_mismatches),
    netDifference: Number(counts.net_difference),
    examples: examples.rows,
  };
  const exact =
    figures.balanceMismatches === 0 &&
    figures.entryMismatches === 0 &&
    figures.rateMismatches === 0;
  return { ...figures, exact };
}

/**
 * CTEs shared by both queries ($1 = T): `entries` (each ledger entry with
 * the running amounts, rate and unit-ms up to it), `expected` and `actual`
 * (per player at T).
 */
const COMPARED = `
  WITH e AS (
    SELECT l.player_id, l.id, l.as_of, l.amount, l.balance_after,
           COALESCE(i.income_per_second * (l.ref->>'quantity')::BIGINT, 0) AS rate_delta
      FROM ledger_entries l
      LEFT JOIN items i ON l.kind = 'purchase' AND i.id = (l.ref->>'itemId')::BIGINT
  ), runs AS (
    SELECT e.*, b.balance AS balance0, b.income_carry AS carry0,
           b.income_per_second + SUM(e.rate_delta) OVER run AS rate_after,
           SUM(e.amount) OVER run AS amounts,
           COALESCE(LAG(e.as_of) OVER (PARTITION BY e.player_id ORDER BY e.as_of, e.id), b.accrued_ms) AS prev_at
      FROM e JOIN bench_initial b ON b.id = e.player_id
    WINDOW run AS (PARTITION BY e.player_id ORDER BY e.as_of, e.id ROWS UNBOUNDED PRECEDING)
  ), entries AS (
    SELECT r.*,
           r.carry0 + SUM((r.rate_after - r.rate_delta)::NUMERIC * (r.as_of - r.prev_at))
             OVER (PARTITION BY r.player_id ORDER BY r.as_of, r.id ROWS UNBOUNDED PRECEDING) AS units
      FROM runs r
  ), last_entry AS (
    SELECT DISTINCT ON (player_id) player_id, as_of, rate_after, amounts, units
      FROM entries ORDER BY player_id, as_of DESC, id DESC
  ), expected AS (
    SELECT b.id,
           b.balance + COALESCE(le.amounts, 0)
             + floor((COALESCE(le.units, b.income_carry)
                      + COALESCE(le.rate_after, b.income_per_second)::NUMERIC
                        * ($1 - COALESCE(le.as_of, b.accrued_ms))) / 1000) AS balance,
           COALESCE(le.rate_after, b.income_per_second) AS rate
      FROM bench_initial b LEFT JOIN last_entry le ON le.player_id = b.id
  ), actual AS (
    SELECT id, balance + accrue_unit_ms(income_per_second, accrued_ms, $1, income_carry) / 1000 AS balance,
           income_per_second AS rate
      FROM players
  )`;

const COUNTS = `
  SELECT (SELECT count(*) FROM actual) AS players,
         (SELECT count(*) FROM entries) AS entries,
         (SELECT count(*) FROM actual a JOIN expected x USING (id) WHERE a.balance <> x.balance) AS balance_mismatches,
         (SELECT count(*) FROM actual a JOIN expected x USING (id) WHERE a.rate <> x.rate) AS rate_mismatches,
         (SELECT COALESCE(SUM(a.balance - x.balance), 0) FROM actual a JOIN expected x USING (id)) AS net_difference,
         (SELECT count(*) FROM entries WHERE balance_after <> balance0 + amounts + floor(units / 1000)) AS entry_mismatches`;

const EXAMPLES = `
  SELECT a.id AS "playerId", a.balance AS actual, x.balance AS expected, a.rate AS "actualRate", x.rate AS "expectedRate"
    FROM actual a JOIN expected x USING (id)
   WHERE a.balance <> x.balance OR a.rate <> x.rate
   ORDER BY a.id LIMIT 5`;

import { PlayerState, safeNumber } from "../game/state";
import { Queryable } from "./db";

/** Columns every state query returns, as `PlayerRow`. */
export const STATE_COLUMNS =
  "id, username, balance, income_per_second, version, accrued_ms";

export interface PlayerRow {
  id: string;
  username: string;
  balance: string;
  income_per_second: string;
  version: string;
  accrued_ms: string;
}

/** Maps a players row to the contract's state object. */
export function toState(row: PlayerRow): PlayerState {
  return {
    playerId: safeNumber(row.id),
    username: row.username,
    balance: safeNumber(row.balance),
    incomePerSecond: safeNumber(row.income_per_second),
    version: safeNumber(row.version),
    asOf: safeNumber(row.accrued_ms),
  };
}

/**
 * The settle rule as an UPDATE's SET list, for a row aliased `p` and a
 * database time `t.now_ms`. The balance is capped at MAX_SAFE_INTEGER
 * (a known limit: income past it is dropped; see docs/limitations.md).
 */
const SETTLE_SET = `
  balance = LEAST(p.balance + floor(accrue_unit_ms(p.income_per_second, p.accrued_ms, t.now_ms, p.income_carry) / 1000), 9007199254740991),
  income_carry = accrue_unit_ms(p.income_per_second, p.accrued_ms, t.now_ms, p.income_carry) % 1000,
  accrued_ms = GREATEST(p.accrued_ms, t.now_ms),
  version = p.version + CASE
    WHEN accrue_unit_ms(p.income_per_second, p.accrued_ms, t.now_ms, p.income_carry) >= 1000 THEN 1
    ELSE 0 END`;

/**
 * Locks one player's row for the rest of the transaction and settles its
 * income up to the database's now. Returns null when no such player.
 */
export async function lockAndSettle(
  client: Queryable,
  playerId: number,
): Promise<PlayerState | null> {
  const result = await client.query<PlayerRow>(
    `UPDATE players p SET ${SETTLE_SET}
       FROM (SELECT accrue_now_ms() AS now_ms) t
      WHERE p.id = $1
  RETURNING ${prefixed("p")}`,
    [playerId],
  );
  return result.rows[0] ? toState(result.rows[0]) : null;
}

/**
 * Settles one player only if a whole unit is due, then returns the state.
 * Reads therefore stay exact without writing when nothing changed.
 * `settled` says whether this read wrote a new version (which is pushed).
 */
export async function readSettled(
  client: Queryable,
  playerId: number,
): Promise<{ state: PlayerState; settled: boolean } | null> {
  const settled = await client.query<PlayerRow>(
    `UPDATE players p SET ${SETTLE_SET}
       FROM (SELECT accrue_now_ms() AS now_ms) t
      WHERE p.id = $1
        AND accrue_unit_ms(p.income_per_second, p.accrued_ms, t.now_ms, p.income_carry) >= 1000
  RETURNING ${prefixed("p")}`,
    [playerId],
  );
  if (settled.rows[0])
    return { state: toState(settled.rows[0]), settled: true };
  const read = await client.query<PlayerRow>(
    `SELECT ${STATE_COLUMNS} FROM players WHERE id = $1`,
    [playerId],
  );
  return read.rows[0] ? { state: toState(read.rows[0]), settled: false } : null;
}

/** Settles a batch of earning players after `afterId`; one statement. */
export async function settleBatch(
  client: Queryable,
  afterId: number,
  limit: number,
): Promise<{ lastId: number | null; states: PlayerState[] }> {
  // SKIP LOCKED: a player locked by a purchase or transfer settles inside
  // that transaction, so the tick need not wait for it.
  const result = await client.query<PlayerRow & { last_id: string | null }>(
    `WITH due AS (
       SELECT id FROM players
        WHERE income_per_second > 0 AND id > $1
        ORDER BY id LIMIT $2
        FOR UPDATE SKIP LOCKED
     ), settled AS (
       UPDATE players p SET ${SETTLE_SET}
         FROM due, (SELECT accrue_now_ms() AS now_ms) t
        WHERE p.id = due.id
          AND accrue_unit_ms(p.income_per_second, p.accrued_ms, t.now_ms, p.income_carry) >= 1000
    RETURNING ${prefixed("p")}
     )
     SELECT (SELECT max(id) FROM due) AS last_id, s.*
       FROM (SELECT 1) one LEFT JOIN settled s ON true`,
    [afterId, limit],
  );
  const lastId = result.rows[0]?.last_id;
  return {
    lastId: lastId === null || lastId === undefined ? null : safeNumber(lastId),
    states: result.rows.filter((row) => row.id !== null).map(toState),
  };
}

/** Finds a player id by username, case-insensitively. */
export async function findPlayerId(
  client: Queryable,
  username: string,
): Promise<number | null> {
  const result = await client.query<{ id: string }>(
    "SELECT id FROM players WHERE lower(username) = lower($1)",
    [username],
  );
  return result.rows[0] ? safeNumber(result.rows[0].id) : null;
}

function prefixed(alias: string): string {
  return STATE_COLUMNS.split(", ")
    .map((column) => `${alias}.${column}`)
    .join(", ");
}

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

/** Income due to row `p` up to `t.now_ms`, in unit-milliseconds. */
const UNITS =
  "accrue_unit_ms(p.income_per_second, p.accrued_ms, t.now_ms, p.income_carry)";

/**
 * The settle statement over `players p` rows picked by `where`: credits the
 * income due up to the database's now and bumps the version when a unit
 * was credited. `onlyDue` leaves rows with less than a whole unit due
 * untouched, which changes nothing: their carry and time keep accumulating.
 * The row lock is taken by the UPDATE itself (no separate SELECT ... FOR
 * UPDATE, which would write every row twice). The balance is capped at
 * MAX_SAFE_INTEGER (a known limit, docs/limitations.md).
 */
function settleSql(where: string, onlyDue: boolean): string {
  return `WITH t AS (SELECT accrue_now_ms() AS now_ms)
     UPDATE players p
        SET balance = LEAST(p.balance + ${UNITS} / 1000, 9007199254740991),
            income_carry = ${UNITS} % 1000,
            accrued_ms = GREATEST(p.accrued_ms, t.now_ms),
            version = p.version + CASE WHEN ${UNITS} >= 1000 THEN 1 ELSE 0 END
       FROM t
      WHERE ${where} ${onlyDue ? `AND ${UNITS} >= 1000` : ""}
  RETURNING ${prefixed("p")}`;
}

/**
 * Locks one player's row for the rest of the transaction and settles its
 * income up to the database's now. Returns null when no such player.
 */
export async function lockAndSettle(
  client: Queryable,
  playerId: number,
): Promise<PlayerState | null> {
  const result = await client.query<PlayerRow>(settleSql("p.id = $1", false), [
    playerId,
  ]);
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
  const settled = await client.query<PlayerRow>(settleSql("p.id = $1", true), [
    playerId,
  ]);
  if (settled.rows[0])
    return { state: toState(settled.rows[0]), settled: true };
  const read = await client.query<PlayerRow>(
    `SELECT ${STATE_COLUMNS} FROM players WHERE id = $1`,
    [playerId],
  );
  return read.rows[0] ? { state: toState(read.rows[0]), settled: false } : null;
}

/**
 * Which earning players one tick batch walks: everyone, or one slice of
 * `count` (ids with `id % count = index`).
 */
export interface SettleSlice {
  count: number;
  index: number;
}

/**
 * The last id of the next `limit` earning players after `afterId` in the
 * slice, or null when none are left: the bounds of one tick batch.
 */
export async function nextRange(
  client: Queryable,
  afterId: number,
  limit: number,
  slice: SettleSlice = { count: 1, index: 0 },
): Promise<number | null> {
  const range = await client.query<{ last_id: string | null }>(
    `SELECT max(id) AS last_id FROM (
       SELECT id FROM players
        WHERE income_per_second > 0 AND id > $1 AND id % $3 = $4
        ORDER BY id LIMIT $2
     ) picked`,
    [afterId, limit, slice.count, slice.index],
  );
  const lastId = range.rows[0]?.last_id;
  return lastId === null || lastId === undefined ? null : safeNumber(lastId);
}

/** Settles the slice's earning players with ids in (afterId, lastId]. */
export async function settleRange(
  client: Queryable,
  afterId: number,
  lastId: number,
  slice: SettleSlice = { count: 1, index: 0 },
): Promise<PlayerState[]> {
  const result = await client.query<PlayerRow>(
    settleSql(
      "p.income_per_second > 0 AND p.id > $1 AND p.id <= $2 AND p.id % $3 = $4",
      true,
    ),
    [afterId, lastId, slice.count, slice.index],
  );
  return result.rows.map(toState);
}

/** Settles the listed players (those online), if a unit is due. */
export async function settleIds(
  client: Queryable,
  ids: number[],
): Promise<PlayerState[]> {
  const result = await client.query<PlayerRow>(
    settleSql("p.id = ANY($1::BIGINT[]) AND p.income_per_second > 0", true),
    [ids],
  );
  return result.rows.map(toState);
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

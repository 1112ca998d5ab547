import { Db } from "../../src/store/db";
import { grant } from "../../src/store/economy";

/**
 * Inserts a player directly (no scrypt, fast) with an income rate, then
 * grants the starting balance through the real grant path so the ledger
 * holds it like any other money.
 */
export async function insertPlayer(
  db: Db,
  username: string,
  options: { balance?: number; incomePerSecond?: number } = {},
): Promise<number> {
  const result = await db.query<{ id: string }>(
    `INSERT INTO players (username, password_hash, income_per_second, accrued_ms)
     VALUES ($1, 'x', $2, accrue_now_ms()) RETURNING id`,
    [username, options.incomePerSecond ?? 0],
  );
  const id = Number(result.rows[0].id);
  if (options.balance)
    await grant(db, { username, amount: options.balance, reason: "test" });
  return id;
}

/** Raw money columns of a player, straight from the table. */
export async function money(db: Db, playerId: number) {
  const result = await db.query<{
    balance: string;
    income_per_second: string;
    accrued_ms: string;
    version: string;
    income_carry: string;
  }>(
    "SELECT balance, income_per_second, accrued_ms, version, income_carry FROM players WHERE id = $1",
    [playerId],
  );
  const row = result.rows[0];
  return {
    balance: Number(row.balance),
    rate: Number(row.income_per_second),
    asOf: Number(row.accrued_ms),
    version: Number(row.version),
    /** Sub-unit income carried, in unit-milliseconds. */
    carry: Number(row.income_carry),
  };
}

/** Sum of a player's ledger amounts. */
export async function ledgerSum(db: Db, playerId: number): Promise<number> {
  const result = await db.query<{ total: string | null }>(
    "SELECT sum(amount) AS total FROM ledger_entries WHERE player_id = $1",
    [playerId],
  );
  return Number(result.rows[0].total ?? 0);
}

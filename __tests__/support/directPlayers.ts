import { Client } from "pg";
import { hashToken, newToken } from "../../src/game/passwords";

/**
 * Makes many players with live sessions straight in the database (no scrypt),
 * for tests that need hundreds of signed-in connections.
 */
export async function makePlayersWithTokens(
  count: number,
  options: { prefix: string; incomePerSecond?: number; balance?: number },
): Promise<Array<{ playerId: number; username: string; token: string }>> {
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    const made = [];
    for (let i = 0; i < count; i++) {
      const username = `${options.prefix}${i}`;
      const { rows } = await db.query(
        `INSERT INTO players (username, password_hash, balance, income_per_second, accrued_ms)
         VALUES ($1, 'x', $2, $3, accrue_now_ms()) RETURNING id`,
        [username, options.balance ?? 0, options.incomePerSecond ?? 0],
      );
      const token = newToken();
      await db.query(
        "INSERT INTO sessions (token_hash, player_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')",
        [hashToken(token), rows[0].id],
      );
      made.push({ playerId: Number(rows[0].id), username, token });
    }
    return made;
  } finally {
    await db.end();
  }
}

import { AppError } from "../errors/appError";
import {
  DUMMY_HASH,
  hashPassword,
  hashToken,
  newToken,
  verifyPassword,
} from "../game/passwords";
import { PlayerState, safeNumber } from "../game/state";
import { Db, Queryable } from "./db";
import { applyChange } from "./economy";
import { appendEntry } from "./ledger";
import { readSettled } from "./players";

/**
 * Players' accounts and sessions. A session token is shown to the client
 * once; only its SHA-256 is stored, with an expiry.
 */

export interface SignedIn {
  player: { id: number; username: string };
  token: string;
  state: PlayerState;
}

/** Creates a player with the signup grant and a first session. */
export async function signup(
  db: Db,
  input: { username: string; password: string },
  options: { signupGrant: number; sessionTtlS: number },
): Promise<SignedIn> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (client) => {
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO players (username, password_hash, accrued_ms)
       VALUES ($1, $2, accrue_now_ms())
       ON CONFLICT ((lower(username))) DO NOTHING RETURNING id`,
      [input.username, passwordHash],
    );
    if (!inserted.rows[0])
      throw new AppError(
        "USERNAME_TAKEN",
        `username: ${input.username} is taken`,
      );
    const playerId = safeNumber(inserted.rows[0].id);

    const state = await applyChange(
      client,
      playerId,
      BigInt(options.signupGrant),
      0n,
    );
    await appendEntry(client, "signup_grant", options.signupGrant, state, {});
    const token = await createSession(client, playerId, options.sessionTtlS);
    return { player: { id: playerId, username: input.username }, token, state };
  });
}

/**
 * Checks a username and password and opens a session. An unknown name and a
 * wrong password fail the same way and take the same time.
 */
export async function login(
  db: Db,
  input: { username: string; password: string },
  options: { sessionTtlS: number },
): Promise<SignedIn> {
  const found = await db.query<{
    id: string;
    username: string;
    password_hash: string;
  }>(
    "SELECT id, username, password_hash FROM players WHERE lower(username) = lower($1)",
    [input.username],
  );
  const row = found.rows[0];
  const ok = await verifyPassword(
    input.password,
    row?.password_hash ?? DUMMY_HASH,
  );
  if (!row || !ok)
    throw new AppError("UNAUTHENTICATED", "username or password is wrong");

  const playerId = safeNumber(row.id);
  const token = await createSession(db.pool, playerId, options.sessionTtlS);
  const read = await readSettled(db.pool, playerId);
  if (!read)
    throw new AppError("UNAUTHENTICATED", "username or password is wrong");
  const state = read.state;
  return { player: { id: playerId, username: row.username }, token, state };
}

/** Ends one session. Unknown tokens are ignored: the result is the same. */
export async function logout(db: Db, token: string): Promise<void> {
  await db.query("DELETE FROM sessions WHERE token_hash = $1", [
    hashToken(token),
  ]);
}

/** The player a live token belongs to, or null when unknown or expired. */
export async function resolveToken(
  db: Db,
  token: string,
): Promise<number | null> {
  const result = await db.query<{ player_id: string }>(
    "SELECT player_id FROM sessions WHERE token_hash = $1 AND expires_at > now()",
    [hashToken(token)],
  );
  return result.rows[0] ? safeNumber(result.rows[0].player_id) : null;
}

/** Deletes expired sessions; returns how many. */
export async function purgeExpiredSessions(db: Db): Promise<number> {
  const result = await db.query(
    "DELETE FROM sessions WHERE expires_at <= now()",
  );
  return result.rowCount ?? 0;
}

async function createSession(
  client: Queryable,
  playerId: number,
  ttlS: number,
): Promise<string> {
  const token = newToken();
  await client.query(
    `INSERT INTO sessions (token_hash, player_id, expires_at)
     VALUES ($1, $2, now() + make_interval(secs => $3))`,
    [hashToken(token), playerId, ttlS],
  );
  return token;
}

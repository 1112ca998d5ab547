import { hashToken } from "../game/passwords";
import { Db } from "./db";

/** Which of `tokens` still belong to a live (unexpired) session. */
export async function liveTokens(
  db: Db,
  tokens: string[],
): Promise<Set<string>> {
  if (tokens.length === 0) return new Set();
  const hashes = tokens.map(hashToken);
  const result = await db.query<{ token_hash: Buffer }>(
    "SELECT token_hash FROM sessions WHERE token_hash = ANY($1) AND expires_at > now()",
    [hashes],
  );
  const live = new Set(
    result.rows.map((row) => row.token_hash.toString("hex")),
  );
  return new Set(tokens.filter((_, i) => live.has(hashes[i].toString("hex"))));
}

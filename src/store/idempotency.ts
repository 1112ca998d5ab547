import { AppError } from "../errors/appError";
import { Queryable } from "./db";

/** What a money action answered, and whether this call replayed it. */
export interface Outcome<T> {
  result: T;
  /** True when an earlier request with the same key already did the work. */
  replayed: boolean;
}

/**
 * Runs `work` once per (player, key). The key row is inserted first in the
 * transaction: a second request with the same key waits on that row until
 * the first commits, then returns its stored result and moves nothing. If
 * the first rolls back, its row vanishes and the second does the work.
 * Errors are not stored, since a failed request moved no money.
 * Known limit: key rows are never purged, so the table grows with every
 * keyed money action (docs/limitations.md).
 */
export async function oncePerKey<T>(
  client: Queryable,
  playerId: number,
  key: string | undefined,
  fingerprint: string,
  work: () => Promise<T>,
): Promise<Outcome<T>> {
  if (key === undefined) return { result: await work(), replayed: false };

  const claimed = await client.query(
    `INSERT INTO idempotency_keys (player_id, key, fingerprint) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [playerId, key, fingerprint],
  );
  if (claimed.rowCount === 0)
    return replay<T>(client, playerId, key, fingerprint);

  const result = await work();
  await client.query(
    "UPDATE idempotency_keys SET response = $3 WHERE player_id = $1 AND key = $2",
    [playerId, key, JSON.stringify(result)],
  );
  return { result, replayed: false };
}

async function replay<T>(
  client: Queryable,
  playerId: number,
  key: string,
  fingerprint: string,
): Promise<Outcome<T>> {
  const stored = await client.query<{ fingerprint: string; response: T }>(
    "SELECT fingerprint, response FROM idempotency_keys WHERE player_id = $1 AND key = $2",
    [playerId, key],
  );
  const row = stored.rows[0];
  if (!row || row.fingerprint !== fingerprint) {
    throw new AppError(
      "IDEMPOTENCY_CONFLICT",
      "idempotencyKey: already used with other parameters",
    );
  }
  return { result: row.response, replayed: true };
}

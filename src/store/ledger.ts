import {
  LedgerEntry,
  LedgerKind,
  PlayerState,
  safeNumber,
} from "../game/state";
import { Queryable } from "./db";

interface EntryRow {
  id: string;
  kind: LedgerKind;
  amount: string;
  balance_after: string;
  version: string;
  created_at: Date;
  ref: Record<string, unknown>;
}

const ENTRY_COLUMNS =
  "id, kind, amount, balance_after, version, created_at, ref";

/** Records one money movement; `after` is the player's state once it applied. */
export async function appendEntry(
  client: Queryable,
  kind: LedgerKind,
  amount: number,
  after: PlayerState,
  ref: Record<string, unknown>,
): Promise<number> {
  const result = await client.query<{ id: string }>(
    `INSERT INTO ledger_entries (player_id, kind, amount, balance_after, version, ref, as_of)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      after.playerId,
      kind,
      amount,
      after.balance,
      after.version,
      ref,
      after.asOf,
    ],
  );
  return safeNumber(result.rows[0].id);
}

/** A page of a player's entries, newest first, older than `before` if given. */
export async function listEntries(
  client: Queryable,
  playerId: number,
  limit: number,
  before?: number,
): Promise<LedgerEntry[]> {
  const result = await client.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM ledger_entries
      WHERE player_id = $1 AND ($2::BIGINT IS NULL OR id < $2)
      ORDER BY id DESC LIMIT $3`,
    [playerId, before ?? null, limit],
  );
  return result.rows.map(toEntry);
}

/** Entries with `version > sinceVersion`, oldest first, at most `limit`. */
export async function entriesSince(
  client: Queryable,
  playerId: number,
  sinceVersion: number,
  limit: number,
): Promise<LedgerEntry[]> {
  const result = await client.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM ledger_entries
      WHERE player_id = $1 AND version > $2
      ORDER BY id ASC LIMIT $3`,
    [playerId, sinceVersion, limit],
  );
  return result.rows.map(toEntry);
}

function toEntry(row: EntryRow): LedgerEntry {
  return {
    id: safeNumber(row.id),
    kind: row.kind,
    amount: safeNumber(row.amount),
    balanceAfter: safeNumber(row.balance_after),
    version: safeNumber(row.version),
    createdAt: row.created_at.getTime(),
    ref: row.ref,
  };
}

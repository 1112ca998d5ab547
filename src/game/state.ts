/** What a player and every push sees of a player's money. */
export interface PlayerState {
  playerId: number;
  username: string;
  /** Exact as of `asOf`: all income earned up to then, none after. */
  balance: number;
  incomePerSecond: number;
  /** Rises with every persisted change of balance or income. */
  version: number;
  /** Milliseconds since the epoch, database clock. */
  asOf: number;
}

/** One money movement, as the ledger shows it. */
export interface LedgerEntry {
  id: number;
  kind: LedgerKind;
  /** Signed: credits positive, debits negative. */
  amount: number;
  balanceAfter: number;
  version: number;
  createdAt: number;
  ref: Record<string, unknown>;
}

export const LEDGER_KINDS = [
  "signup_grant",
  "grant",
  "purchase",
  "transfer_in",
  "transfer_out",
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * Converts a BIGINT that came back from Postgres as text into a number,
 * refusing anything past Number.MAX_SAFE_INTEGER rather than rounding it.
 */
export function safeNumber(value: string | number | bigint): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`integer out of safe range: ${String(value)}`);
  }
  return n;
}

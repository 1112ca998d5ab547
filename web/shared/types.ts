/** Shapes of the contract (v1.1) as the pages read them. */

/** A player's money; `balance` is exact as of `asOf` (server clock, ms). */
export interface PlayerState {
  playerId: number;
  username: string;
  balance: number;
  /** Units per second. */
  incomePerSecond: number;
  /** Rises with every persisted change; never repeats. */
  version: number;
  asOf: number;
}

export interface Item {
  id: number;
  name: string;
  cost: number;
  incomePerSecond: number;
}

export type LedgerKind =
  "signup_grant" | "grant" | "purchase" | "transfer_in" | "transfer_out";

export interface LedgerEntry {
  id: number;
  kind: LedgerKind | string;
  /** Signed: credits positive, debits negative. */
  amount: number;
  balanceAfter: number;
  version: number;
  createdAt: number;
  ref: Record<string, unknown>;
}

/** `POST /api/signup` and `POST /api/login`. */
export interface SignIn {
  player: { id: number; username: string };
  token: string;
  state: PlayerState;
}

/** One live node, from `GET /api/admin/nodes`. */
export interface NodeInfo {
  id: string;
  role: string;
  connections: number;
  players: number;
  /** Server clock, ms since the epoch. */
  heartbeatAt: number;
}

/** One finished income tick. */
export interface TickSample {
  dueMs: number;
  startedAt: number;
  durationMs: number;
  settled: number;
}

/** `GET /api/admin/stats`; `recent` and `pushesPerSecond` are additions. */
export interface Stats {
  players: number;
  online: number;
  onlineByNode: Record<string, number>;
  tick: {
    periodMs: number;
    lastDurationMs: number | null;
    lastSettled: number | null;
    lastAt: number | null;
    recent?: TickSample[];
  };
  pushesPerSecond?: number;
}

/**
 * Wire shapes from the public contract (v1.1) as the SDK sees them. Money is
 * always an integer count of the game's smallest unit.
 */

/** A player's state, as pushed in `{event:"state"}` and returned by actions. */
export interface PlayerState {
  /** Player id, a positive integer. */
  playerId: number;
  /** Username as typed at signup (3 to 32 of `A-Z a-z 0-9 _`). */
  username: string;
  /** Balance in the smallest money unit, exact as of `asOf`. */
  balance: number;
  /** Income in smallest money units per second, >= 0. */
  incomePerSecond: number;
  /** Rises with every persisted change (ticks included), never repeats. */
  version: number;
  /** Server clock, milliseconds since the Unix epoch. */
  asOf: number;
}

/** Where a state came from; the second argument of `state` and `stale`. */
export interface StateMeta {
  /** True for a server push (`{event: "state"}`); false for the state in a reply or a resync. */
  pushed: boolean;
  /**
   * Pushes only: when the change committed on the sending node, ms since the
   * Unix epoch (server clock); absent when the server does not send it.
   * Receive time minus this is the push latency.
   */
  committedAt?: number;
}

/** Data of the `welcome` event the server sends first on every connection. */
export interface Welcome {
  /** The server's id for this connection. */
  connectionId: string;
  /** Id of the node that accepted the connection (same as `/api/status`). */
  nodeId: string;
  /** Server clock at connect, milliseconds since the Unix epoch. */
  serverTime: number;
}

/** One ledger entry (contract "HTTP", `GET /api/ledger`). */
export interface LedgerEntry {
  /** Entry id; `before` in `ledger` takes it. */
  id: number;
  /** `signup_grant`, `grant`, `purchase`, `transfer_in` or `transfer_out`. */
  kind: string;
  /** Signed amount: credits positive, debits negative. */
  amount: number;
  /** Balance after this entry, income settled up to that moment included. */
  balanceAfter: number;
  /** The player's state version this entry produced. */
  version: number;
  /** When the entry was written, as the server encodes it. */
  createdAt: number | string;
  /** What the entry refers to (purchase, transfer, grant), server-defined. */
  ref: unknown;
}

/** Answer of `resync {sinceVersion}`. */
export interface ResyncResult {
  /** The player's current state. */
  state: PlayerState;
  /** Entries with `version > sinceVersion`, oldest first. */
  entries: LedgerEntry[];
  /** False when `entries` were cut at a cap: treat `state` as a fresh snapshot. */
  complete: boolean;
}

/** Data of `resynced`: the resync answer plus the version it started from. */
export interface ResyncedInfo extends ResyncResult {
  /** The `sinceVersion` sent; undefined when no state had been seen yet. */
  sinceVersion: number | undefined;
}

/** Data of `gap`: the ledger history since `sinceVersion` is incomplete. */
export interface GapInfo {
  /** The `sinceVersion` the resync asked from. */
  sinceVersion: number | undefined;
  /** The fresh snapshot to rebuild from. */
  state: PlayerState;
}

/** Data of the `say` event: one room message. */
export interface SayMessage {
  /** Room name, e.g. `global`. */
  room: string;
  /** Sender's username. */
  from: string;
  /** Message text. */
  message: string;
  /** Server clock, milliseconds since the Unix epoch. */
  sentAt: number;
}

/** Data of `reconnecting`: why the connection went and what comes next. */
export interface ReconnectingInfo {
  /** The server's `reconnect` reason, or why the socket closed. */
  reason: string;
  /** 1 for the first retry after a good connection, then 2, 3, ... */
  attempt: number;
  /** Wait before the next attempt, milliseconds. */
  delayMs: number;
  /** The endpoint the next attempt goes to. */
  endpoint: string;
}

/** Data of `disconnected`. */
export interface DisconnectedInfo {
  /** Why the connection ended, e.g. `client closed`. */
  reason: string;
}

/** Answer of `signup` and `login`. */
export interface SignInResult {
  /** The signed-in player. */
  player: { id: number; username: string };
  /** Session token; the client keeps it to sign in again after a reconnect. */
  token: string;
  /** The player's state at sign-in. */
  state: PlayerState;
}

/** The client's events and their arguments. */
export interface AccrueClientEvents {
  /** The server greeted a new connection (before sign-in is restored). */
  welcome: [welcome: Welcome];
  /** The connection is ready for calls: welcomed, signed in again if a token is known, resynced after a reconnect. */
  connected: [welcome: Welcome];
  /** A state newer than any seen for this player; stale ones go to `stale` instead. */
  state: [state: PlayerState, meta: StateMeta];
  /**
   * A state at or below the version already held, dropped: a push that lost a
   * race with a reply or a resync, or a server breaking the contract's rising
   * versions.
   */
  stale: [state: PlayerState, meta: StateMeta];
  /** A room message. */
  say: [message: SayMessage];
  /** The connection is gone and another attempt is scheduled. */
  reconnecting: [info: ReconnectingInfo];
  /** An open connection ended. */
  disconnected: [info: DisconnectedInfo];
  /** A resync came back incomplete: rebuild from `state`, the ledger history has a hole. */
  gap: [info: GapInfo];
  /** The resync after a reconnect (or a `resync()` call) answered. */
  resynced: [info: ResyncedInfo];
  /** Something went wrong in the background: a malformed frame, a refused token. Never fatal. */
  error: [error: Error];
}

/** True when `value` has the fields the SDK relies on in a player state. */
export function isPlayerState(value: unknown): value is PlayerState {
  if (typeof value !== "object" || value === null) return false;

  const state = value as Record<string, unknown>;
  return (
    typeof state.playerId === "number" && typeof state.version === "number"
  );
}

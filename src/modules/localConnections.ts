import { localPlayers } from "./playerSockets";

/**
 * Count of this node's open socket connections, signed in or not, for the
 * heartbeat and `/api/admin/nodes`.
 */
let total = 0;

/** A socket connection opened. */
export function connectionOpened(): void {
  total += 1;
}

/** A socket connection closed. */
export function connectionClosed(): void {
  total = Math.max(0, total - 1);
}

/** Figures for the heartbeat. */
export function localCounts(): { connections: number; players: number } {
  return { connections: total, players: localPlayers().length };
}

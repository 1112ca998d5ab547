import { localPlayers } from "./playerSockets";

/**
 * Count of this node's open socket connections, signed in or not, and of
 * the state pushes it delivered, for the heartbeat and the dashboard.
 */
let total = 0;
let pushesDelivered = 0;

/** Counts state pushes written to this node's connections. */
export function pushesSent(count: number): void {
  pushesDelivered += count;
}

/** A socket connection opened. */
export function connectionOpened(): void {
  total += 1;
}

/** A socket connection closed. */
export function connectionClosed(): void {
  total = Math.max(0, total - 1);
}

/** Figures for the heartbeat; `pushes` counts since the process started. */
export function localCounts(): {
  connections: number;
  players: number;
  pushes: number;
} {
  return {
    connections: total,
    players: localPlayers().length,
    pushes: pushesDelivered,
  };
}

/**
 * Counts of this node's signed-in socket connections, by player. The socket
 * servers keep it; the heartbeat reports it.
 */
const byPlayer = new Map<number, number>();
let total = 0;

/** A socket connection opened (signed in or not). */
export function connectionOpened(): void {
  total += 1;
}

/** A socket connection closed. */
export function connectionClosed(): void {
  total = Math.max(0, total - 1);
}

/** A connection signed in as `playerId`. */
export function playerBound(playerId: number): void {
  byPlayer.set(playerId, (byPlayer.get(playerId) ?? 0) + 1);
}

/** A connection of `playerId` signed out or closed. */
export function playerUnbound(playerId: number): void {
  const left = (byPlayer.get(playerId) ?? 0) - 1;
  if (left > 0) byPlayer.set(playerId, left);
  else byPlayer.delete(playerId);
}

/** Figures for the heartbeat. */
export function localCounts(): { connections: number; players: number } {
  return { connections: total, players: byPlayer.size };
}

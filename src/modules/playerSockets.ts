import type { PlayerState } from "../game/state";
import { pushesSent } from "./localConnections";

/** What the index needs of a signed-in socket session. */
export interface PushTarget {
  readonly playerId: number | undefined;
  /** The session token the connection signed in with. */
  readonly token: string | undefined;
  pushState(state: PlayerState, committedAt?: number): void;
  /** Signs the connection out, telling the client why. */
  signOut(reason: string): void;
}

type BindListener = (
  playerId: number,
  event: "firstBound" | "lastUnbound",
) => void;

/**
 * This node's signed-in socket sessions, by player: where a push for a
 * player is delivered once it reaches this node. Listeners hear when a
 * player gains their first or loses their last session here, which is
 * when presence in Redis changes.
 */
const sessions = new Map<number, Set<PushTarget>>();
const listeners: BindListener[] = [];

/** Adds a session to its player's set. */
export function bindSession(playerId: number, session: PushTarget): void {
  let set = sessions.get(playerId);
  if (!set) {
    set = new Set();
    sessions.set(playerId, set);
  }
  if (set.has(session)) return;
  set.add(session);
  if (set.size === 1)
    listeners.forEach((listener) => listener(playerId, "firstBound"));
}

/** Removes a session from its player's set. */
export function unbindSession(playerId: number, session: PushTarget): void {
  const set = sessions.get(playerId);
  if (!set?.delete(session)) return;
  if (set.size === 0) {
    sessions.delete(playerId);
    listeners.forEach((listener) => listener(playerId, "lastUnbound"));
  }
}

/** Delivers states to this node's sessions of their players. */
export function deliverLocally(
  states: PlayerState[],
  committedAt?: number,
): number {
  let delivered = 0;
  for (const state of states) {
    const set = sessions.get(state.playerId);
    if (!set) continue;
    for (const session of set) {
      session.pushState(state, committedAt);
      delivered += 1;
    }
  }
  pushesSent(delivered);
  return delivered;
}

/** True when this node holds a session of the player. */
export function holdsPlayer(playerId: number): boolean {
  return sessions.has(playerId);
}

/** Every player with a session on this node. */
export function localPlayers(): number[] {
  return [...sessions.keys()];
}

/** Every signed-in session on this node, for periodic token checks. */
export function localSessions(): PushTarget[] {
  return [...sessions.values()].flatMap((set) => [...set]);
}

/** Hears presence-relevant changes; the push initializer registers one. */
export function onBindChange(listener: BindListener): () => void {
  listeners.push(listener);
  return () => listeners.splice(listeners.indexOf(listener), 1);
}

import type { PlayerState } from "../game/state";

/**
 * Where changed player states go after their transaction commits. The push
 * initializer installs the sink that finds each player's nodes and
 * connections; until then (and on worker-less unit tests) states are
 * dropped, which loses nothing: a client's next snapshot carries them.
 */
type Sink = (states: PlayerState[], committedAt: number) => Promise<void>;

let sink: Sink | undefined;

/** Installs where pushes go; only the push initializer calls this. */
export function setPushSink(next: Sink | undefined): void {
  sink = next;
}

/**
 * Sends the states of players that changed, after their commit.
 * `committedAt` (ms, this node's clock) rides along to the client so push
 * latency can be measured end to end.
 */
export async function pushStates(
  states: PlayerState[],
  committedAt = Date.now(),
): Promise<void> {
  if (states.length > 0 && sink) await sink(states, committedAt);
}

import { AppError } from "../errors/appError";
import type { PlayerState } from "../game/state";
import { readSettled } from "../store/players";
import { pushStates } from "./pushes";
import { use } from "./runtime";

/**
 * A player's state exact as of now. When reading it settled income (a new
 * version), the new state is pushed like any other change.
 */
export async function currentState(playerId: number): Promise<PlayerState> {
  const read = await readSettled(use("db").pool, playerId);
  if (!read) throw new AppError("UNAUTHENTICATED", "player no longer exists");
  if (read.settled) await pushStates([read.state]);
  return read.state;
}

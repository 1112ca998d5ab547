import { z } from "zod";
import { AppError } from "../errors/appError";
import { AccrueAction, Caller } from "../modules/accrueAction";
import { use } from "../modules/runtime";
import { readSettled } from "../store/players";

/** The caller's state, exact as of now. */
export class Me extends AccrueAction {
  name = "me";
  description = "The signed-in player's state";
  access = "player" as const;
  schema = z.strictObject({});

  async handle(_input: object, caller: Caller) {
    const state = await readSettled(use("db").pool, caller.playerId);
    if (!state)
      throw new AppError("UNAUTHENTICATED", "player no longer exists");
    return { state };
  }
}

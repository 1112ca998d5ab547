import { z } from "zod";
import { AccrueAction, Caller } from "../modules/accrueAction";
import { currentState } from "../modules/currentState";

/** The caller's state, exact as of now. */
export class Me extends AccrueAction {
  name = "me";
  description = "The signed-in player's state";
  access = "player" as const;
  schema = z.strictObject({});

  async handle(_input: object, caller: Caller) {
    return { state: await currentState(caller.playerId) };
  }
}

import { z } from "zod";
import { AppError } from "../errors/appError";
import { AccrueAction } from "../modules/accrueAction";
import { use } from "../modules/runtime";
import { resolveToken } from "../store/accounts";
import { currentState } from "../modules/currentState";

/** Signs a socket connection in with a session token (sockets only). */
export class Authenticate extends AccrueAction {
  name = "authenticate";
  description = "Sign a socket connection in with a session token";
  blockedConnectionTypes = ["http"];
  schema = z.strictObject({
    token: z
      .string({ error: "must be a string" })
      .min(1, "is required")
      .max(256, "must be at most 256 characters"),
  });

  async handle(input: z.output<typeof this.schema>) {
    const playerId = await resolveToken(use("db"), input.token);
    if (playerId === null)
      throw new AppError(
        "UNAUTHENTICATED",
        "session expired or unknown: sign in again",
      );
    const state = await currentState(playerId);
    return { player: { id: playerId, username: state.username }, state };
  }
}

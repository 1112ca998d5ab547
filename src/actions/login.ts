import { z } from "zod";
import { AppError } from "../errors/appError";
import { AccrueAction, Caller } from "../modules/accrueAction";
import { pushStates } from "../modules/pushes";
import { use } from "../modules/runtime";
import { settings } from "../settings";
import { login as checkPassword } from "../store/accounts";
import { checkLoginAllowed, recordLoginFailure } from "../store/loginLimiter";

/** Signs a player in with username and password. */
export class Login extends AccrueAction {
  name = "login";
  description = "Open a session with username and password";
  // Login takes any string up to the limits: a name that could never exist
  // must still fail as UNAUTHENTICATED, not reveal the rules.
  schema = z.strictObject({
    username: z
      .string({ error: "must be a string" })
      .min(1, "is required")
      .max(64, "must be at most 64 characters"),
    password: z
      .string({ error: "must be a string" })
      .min(1, "is required")
      .max(128, "must be at most 128 characters"),
  });

  async handle(input: z.output<typeof this.schema>, caller: Caller) {
    const s = settings();
    const redis = use("redis");
    const limits = {
      perUser: s.LOGIN_FAILURES_PER_USER,
      perAddress: s.LOGIN_FAILURES_PER_ADDRESS,
    };
    await checkLoginAllowed(redis, input.username, caller.remoteIP, limits);
    try {
      const signedIn = await checkPassword(use("db"), input, {
        sessionTtlS: s.SESSION_TTL_S,
      });
      // Signing in may have settled income: tell the player's other sockets.
      await pushStates([signedIn.state]);
      return signedIn;
    } catch (error) {
      if (error instanceof AppError && error.code === "UNAUTHENTICATED") {
        await recordLoginFailure(redis, input.username, caller.remoteIP);
      }
      throw error;
    }
  }
}

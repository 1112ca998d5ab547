import { z } from "zod";
import { password, username } from "../game/rules";
import { AccrueAction } from "../modules/accrueAction";
import { use } from "../modules/runtime";
import { settings } from "../settings";
import { signup as createPlayer } from "../store/accounts";

/**
 * Creates a player with the signup grant and signs them in. Known limit:
 * signups are not rate-limited, and each costs one scrypt hash of CPU
 * (docs/limitations.md).
 */
export class Signup extends AccrueAction {
  name = "signup";
  description = "Create a player and a session";
  schema = z.strictObject({ username, password });

  async handle(input: z.output<typeof this.schema>) {
    const s = settings();
    return createPlayer(use("db"), input, {
      signupGrant: s.SIGNUP_GRANT,
      sessionTtlS: s.SESSION_TTL_S,
    });
  }
}

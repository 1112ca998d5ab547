import { z } from "zod";
import { positiveAmount, username } from "../game/rules";
import { AccrueAction } from "../modules/accrueAction";
import { pushStates } from "../modules/pushes";
import { use } from "../modules/runtime";
import { grant } from "../store/economy";

/** An operator grants money to a player (POST /api/admin/grants). */
export class AdminGrant extends AccrueAction {
  name = "adminGrant";
  description = "Grant money to a player";
  access = "admin" as const;
  schema = z.strictObject({
    username,
    amount: positiveAmount,
    reason: z
      .string({ error: "must be a string" })
      .trim()
      .min(1, "is required")
      .max(200, "must be at most 200 characters"),
  });

  async handle(input: z.output<typeof this.schema>) {
    const outcome = await grant(use("db"), input);
    await pushStates(outcome.changed);
    return outcome.result;
  }
}

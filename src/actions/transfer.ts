import { z } from "zod";
import { idempotencyKey, positiveAmount, username } from "../game/rules";
import { AccrueAction, Caller } from "../modules/accrueAction";
import { pushStates } from "../modules/pushes";
import { use } from "../modules/runtime";
import { transfer as send } from "../store/economy";

/** Sends money to another player. */
export class Transfer extends AccrueAction {
  name = "transfer";
  description = "Send money to another player by username";
  access = "player" as const;
  schema = z.strictObject({
    to: username,
    amount: positiveAmount,
    idempotencyKey: idempotencyKey.optional(),
  });

  async handle(input: z.output<typeof this.schema>, caller: Caller) {
    const outcome = await send(use("db"), caller.playerId, input);
    await pushStates(outcome.changed);
    return outcome.result;
  }
}

import { z } from "zod";
import { idempotencyKey, positiveAmount } from "../game/rules";
import { AccrueAction, Caller } from "../modules/accrueAction";
import { pushStates } from "../modules/pushes";
import { use } from "../modules/runtime";
import { purchase as buy } from "../store/economy";

/** Buys items: pays their cost, adds their income. */
export class Purchase extends AccrueAction {
  name = "purchase";
  description = "Buy a quantity of an item";
  access = "player" as const;
  schema = z.strictObject({
    itemId: positiveAmount,
    quantity: positiveAmount.default(1),
    idempotencyKey: idempotencyKey.optional(),
  });

  async handle(input: z.output<typeof this.schema>, caller: Caller) {
    const outcome = await buy(use("db"), caller.playerId, input);
    await pushStates(outcome.changed);
    return outcome.result;
  }
}

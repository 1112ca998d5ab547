import { z } from "zod";
import { idParam } from "../game/rules";
import { AccrueAction, Caller } from "../modules/accrueAction";
import { use } from "../modules/runtime";
import { listEntries } from "../store/ledger";

/** Largest ledger page. */
const MAX_LIMIT = 200;

/** The caller's ledger entries, newest first, pageable by entry id. */
export class Ledger extends AccrueAction {
  name = "ledger";
  description = "The signed-in player's ledger, newest first";
  access = "player" as const;
  schema = z.strictObject({
    limit: idParam
      .refine((n) => n <= MAX_LIMIT, `must be 1 to ${MAX_LIMIT}`)
      .default(50),
    before: idParam.optional(),
  });

  async handle(input: z.output<typeof this.schema>, caller: Caller) {
    const entries = await listEntries(
      use("db").pool,
      caller.playerId,
      input.limit,
      input.before,
    );
    return { entries };
  }
}

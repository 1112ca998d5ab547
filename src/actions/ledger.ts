import { z } from "zod";
import { ledgerPage } from "../game/rules";
import { AccrueAction, Caller } from "../modules/accrueAction";
import { use } from "../modules/runtime";
import { listEntries } from "../store/ledger";

/** The caller's ledger entries, newest first, pageable by entry id. */
export class Ledger extends AccrueAction {
  name = "ledger";
  description = "The signed-in player's ledger, newest first";
  access = "player" as const;
  schema = z.strictObject(ledgerPage);

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

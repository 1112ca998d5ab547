import { z } from "zod";
import { AccrueAction, Caller } from "../modules/accrueAction";
import { use } from "../modules/runtime";
import { entriesSince } from "../store/ledger";
import { currentState } from "../modules/currentState";

/** Most ledger entries one resync returns; past it the answer is a snapshot. */
const RESYNC_MAX_ENTRIES = 100;

/**
 * What a reconnecting client missed: the current state and the ledger
 * entries after `sinceVersion`. `complete` is false when the entries were
 * cut at the cap (or no version was given): the client must then take
 * `state` as a fresh snapshot. Income ticks make no entries, so `missed`
 * says whether any version at all went by.
 */
export class Resync extends AccrueAction {
  name = "resync";
  description = "Current state and the ledger entries since a version";
  access = "player" as const;
  schema = z.strictObject({
    sinceVersion: z
      .number({ error: "must be a number" })
      .refine(Number.isSafeInteger, "must be a whole number")
      .refine((n) => n >= 0, "must be 0 or more")
      .optional(),
  });

  async handle(input: z.output<typeof this.schema>, caller: Caller) {
    const db = use("db");
    const state = await currentState(caller.playerId);
    if (input.sinceVersion === undefined)
      return { state, entries: [], complete: false, missed: true };

    const found = await entriesSince(
      db.pool,
      caller.playerId,
      input.sinceVersion,
      RESYNC_MAX_ENTRIES + 1,
    );
    const complete = found.length <= RESYNC_MAX_ENTRIES;
    return {
      state,
      entries: found.slice(0, RESYNC_MAX_ENTRIES),
      complete,
      missed: state.version > input.sinceVersion,
    };
  }
}

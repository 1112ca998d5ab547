import { z } from "zod";
import { AppError } from "../errors/appError";
import { ledgerPage, username } from "../game/rules";
import { AccrueAction } from "../modules/accrueAction";
import { use } from "../modules/runtime";
import { listEntries } from "../store/ledger";
import { findPlayerId } from "../store/players";

/**
 * A player's ledger for operators (GET /api/admin/ledger?username=), an
 * extension of the contract for the dashboard's player view.
 */
export class AdminLedger extends AccrueAction {
  name = "adminLedger";
  description = "A player's ledger, newest first (operators)";
  access = "admin" as const;
  schema = z.strictObject({
    username,
    ...ledgerPage,
  });

  async handle(input: z.output<typeof this.schema>) {
    const db = use("db");
    const playerId = await findPlayerId(db.pool, input.username);
    if (playerId === null)
      throw new AppError(
        "NOT_FOUND",
        `username: no player named ${input.username}`,
      );
    return {
      entries: await listEntries(db.pool, playerId, input.limit, input.before),
    };
  }
}

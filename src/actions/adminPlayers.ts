import { z } from "zod";
import { AccrueAction } from "../modules/accrueAction";
import { use } from "../modules/runtime";
import { PlayerRow, STATE_COLUMNS, toState } from "../store/players";

/** Players whose name contains `query`, with their state (GET /api/admin/players). */
export class AdminPlayers extends AccrueAction {
  name = "adminPlayers";
  description = "Search players by username";
  access = "admin" as const;
  schema = z.strictObject({
    query: z
      .string({ error: "must be a string" })
      .max(32, "must be at most 32 characters")
      .default(""),
  });

  async handle(input: z.output<typeof this.schema>) {
    // Escape LIKE wildcards so the query matches literally.
    const pattern = `%${input.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const result = await use("db").query<PlayerRow>(
      `SELECT ${STATE_COLUMNS} FROM players WHERE username ILIKE $1 ORDER BY lower(username) LIMIT 50`,
      [pattern],
    );
    return { players: result.rows.map(toState) };
  }
}

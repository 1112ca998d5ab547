import { z } from "zod";
import { safeNumber } from "../game/state";
import { AccrueAction } from "../modules/accrueAction";
import { use } from "../modules/runtime";
import { settings } from "../settings";
import { listNodes } from "../store/nodes";
import { recentTicks } from "../store/tick";

/** Players, online players per node and tick figures (GET /api/admin/stats). */
export class AdminStats extends AccrueAction {
  name = "adminStats";
  description = "Cluster figures for the dashboard";
  access = "admin" as const;
  schema = z.strictObject({});

  async handle() {
    const db = use("db");
    const [count, nodes, ticks] = await Promise.all([
      db.query<{ n: string }>("SELECT count(*) AS n FROM players"),
      listNodes(use("redis")),
      recentTicks(db, 60),
    ]);
    const onlineByNode = Object.fromEntries(
      nodes.map((node) => [node.id, node.players]),
    );
    const last = ticks[0];
    return {
      players: safeNumber(count.rows[0].n),
      online: nodes.reduce((sum, node) => sum + node.players, 0),
      onlineByNode,
      pushesPerSecond: nodes.reduce(
        (sum, node) => sum + node.pushesPerSecond,
        0,
      ),
      tick: {
        periodMs: settings().TICK_MS,
        lastDurationMs: last?.durationMs ?? null,
        lastSettled: last?.settled ?? null,
        lastAt: last?.startedAt ?? null,
        recent: ticks,
      },
    };
  }
}

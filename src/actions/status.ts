import { z } from "zod";
import { AppError } from "../errors/appError";
import { AccrueAction } from "../modules/accrueAction";
import { nodeId } from "../modules/nodeId";
import { use } from "../modules/runtime";
import { settings } from "../settings";

/** Health of this node and its backing services; 503 when one is down. */
export class Status extends AccrueAction {
  name = "status";
  description = "Node health: 200 when Postgres and Redis answer, else 503";
  logLevel = "debug" as const;
  schema = z.object({}).passthrough();

  async handle() {
    const [postgres, redis] = await Promise.all([
      probe(() => use("db").query("SELECT 1")),
      probe(() => use("redis").ping()),
    ]);
    if (!postgres || !redis) {
      const down = [!postgres && "postgres", !redis && "redis"]
        .filter(Boolean)
        .join(" and ");
      throw new AppError("UNAVAILABLE", `${down} unreachable`);
    }
    return {
      nodeId: nodeId(),
      role: settings().ROLE,
      storage: use("storage"),
      postgres: "ok",
      redis: "ok",
      uptimeMs: Math.round(process.uptime() * 1000),
    };
  }
}

/** True when `check` answers within a second. */
async function probe(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), 1000);
  });
  try {
    return await Promise.race([check().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

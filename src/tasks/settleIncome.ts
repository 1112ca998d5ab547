import { Task, api, log } from "actionhero";
import { z } from "zod";
import { isUnavailable } from "../errors/appError";
import { nodeId } from "../modules/nodeId";
import { pushStates } from "../modules/pushes";
import { use } from "../modules/runtime";
import { settings } from "../settings";
import { listNodes } from "../store/nodes";
import { onlinePlayers } from "../store/presence";
import { pruneTicks, runTick } from "../store/tick";

const argsSchema = z.strictObject({
  /** The period boundary this run is due at, ms since the epoch. */
  dueMs: z.number().int().positive(),
});

/** Tick records are kept for an hour for the dashboard, then pruned. */
const KEEP_TICKS_MS = 3_600_000;

/**
 * The income tick: settles every earning player in bounded batches and
 * pushes the changed states. Enqueued at each period boundary by the tick
 * scheduler (src/initializers/tickScheduler.ts), never by Actionhero's
 * recurring-task timer, which would drift and wait on node-resque's
 * one-second delayed queue.
 */
export class SettleIncome extends Task {
  constructor() {
    super();
    this.name = "settleIncome";
    this.description = "Settle accrued income of every earning player";
    this.frequency = 0;
    this.queue = "tick";
  }

  async run(params: Record<string, unknown>) {
    const { dueMs } = argsSchema.parse(params);
    const s = settings();
    const db = use("db");
    const slices = s.OFFLINE_SETTLE_TICKS;
    const onlineIds = await findOnline();
    let record;
    try {
      record = await runTick(db, {
        dueMs,
        nodeId: nodeId(),
        batchSize: s.TICK_BATCH_SIZE,
        onlineIds,
        offlineSlice: {
          count: slices,
          index: Math.floor(dueMs / s.TICK_MS) % slices,
        },
        onBatch: pushStates,
        // A stopping node finishes the batch in hand and leaves the rest to
        // the next tick, maybe on another worker: settling is time-based, so
        // nothing is lost, and SIGTERM stays quick however many players.
        shouldStop: () => api.process?.running === false,
      });
    } catch (error) {
      // Postgres away: this run is lost, not failed. Settling is
      // time-based, so the first tick after the outage credits the whole
      // gap; failing the job would only fill node-resque's failed queue
      // with one entry a period.
      if (!isUnavailable(error)) throw error;
      log("tick skipped", "warning", {
        nodeId: nodeId(),
        dueMs,
        reason: "postgres unreachable",
        error: String(error),
      });
      return { skipped: true };
    }
    if (!record.ran) return { skipped: true };

    const lateMs = record.startedAt - dueMs;
    const level = record.durationMs > s.TICK_MS ? "warning" : "debug";
    log("income settled", level, { nodeId: nodeId(), lateMs, ...record });
    if (Math.floor(dueMs / s.TICK_MS) % 600 === 0)
      await pruneTicks(db, KEEP_TICKS_MS);
    return record;
  }
}

/**
 * Players connected to any live node. Without Redis the tick cannot know,
 * so it settles only its offline slice; nobody can be pushed to then anyway.
 */
async function findOnline(): Promise<number[]> {
  try {
    const redis = use("redis");
    const nodes = await listNodes(redis);
    return await onlinePlayers(
      redis,
      nodes.filter((n) => n.role !== "worker").map((n) => n.id),
    );
  } catch (error) {
    log("online players unknown", "warning", {
      nodeId: nodeId(),
      error: String(error),
    });
    return [];
  }
}

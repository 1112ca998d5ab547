import { Task, api, log } from "actionhero";
import { z } from "zod";
import { nodeId } from "../modules/nodeId";
import { pushStates } from "../modules/pushes";
import { use } from "../modules/runtime";
import { settings } from "../settings";
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
    const record = await runTick(db, {
      dueMs,
      nodeId: nodeId(),
      batchSize: s.TICK_BATCH_SIZE,
      onBatch: pushStates,
      // A stopping node finishes the batch in hand and leaves the rest to
      // the next tick, maybe on another worker: settling is time-based, so
      // nothing is lost, and SIGTERM stays quick however many players.
      shouldStop: () => api.process?.running === false,
    });
    if (!record.ran) return { skipped: true };

    const lateMs = record.startedAt - dueMs;
    const level = record.durationMs > s.TICK_MS ? "warning" : "debug";
    log("income settled", level, { nodeId: nodeId(), lateMs, ...record });
    if (Math.floor(dueMs / s.TICK_MS) % 600 === 0)
      await pruneTicks(db, KEEP_TICKS_MS);
    return record;
  }
}

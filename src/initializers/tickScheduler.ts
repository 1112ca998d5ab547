import { Initializer, api, log, task } from "actionhero";
import { nodeId } from "../modules/nodeId";
import { use } from "../modules/runtime";
import { settings } from "../settings";
import { holdTickLease, releaseTickLease } from "../store/tickLease";

/** Lease lifetime; a dead leader is replaced within this plus one renewal. */
const LEASE_MS = 3000;
const RENEW_MS = 1000;

/**
 * Decides when the income tick runs, on nodes that run tasks. The node
 * holding the lease enqueues `settleIncome` at every period boundary
 * (multiples of TICK_MS since the epoch), so the cadence never drifts with
 * how long a tick took. A boundary whose previous job is still waiting in
 * the queue is skipped: the next run settles that time too, since income is
 * measured by elapsed time, not by counting ticks.
 */
export class TickSchedulerInitializer extends Initializer {
  private leader = false;
  private stopped = false;
  private leaseTimer?: NodeJS.Timeout;
  private tickTimer?: NodeJS.Timeout;

  constructor() {
    super();
    this.name = "tickScheduler";
    // After node-resque's queue and workers are up (tasks: 975).
    this.startPriority = 1100;
    this.stopPriority = 40;
  }

  async start() {
    if (settings().ROLE === "frontend") return;
    this.stopped = false;
    await this.renewLease();
    this.leaseTimer = setInterval(() => void this.renewLease(), RENEW_MS);
    this.scheduleNext();
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.leaseTimer);
    clearTimeout(this.tickTimer);
    if (this.leader)
      await releaseTickLease(use("redis"), nodeId()).catch(() => undefined);
    this.leader = false;
  }

  private async renewLease() {
    try {
      const held = await holdTickLease(use("redis"), nodeId(), LEASE_MS);
      if (held !== this.leader)
        log(held ? "tick lease taken" : "tick lease lost", "notice", {
          nodeId: nodeId(),
        });
      this.leader = held;
    } catch (error) {
      // Without Redis no node can be sure it leads: stand down until it answers.
      if (this.leader)
        log("tick lease lost", "warning", {
          nodeId: nodeId(),
          error: String(error),
        });
      this.leader = false;
    }
  }

  private scheduleNext() {
    if (this.stopped) return;
    const period = settings().TICK_MS;
    const now = Date.now();
    const dueMs = Math.floor(now / period) * period + period;
    this.tickTimer = setTimeout(() => {
      void this.enqueue(dueMs);
      this.scheduleNext();
    }, dueMs - now);
  }

  private async enqueue(dueMs: number) {
    if (!this.leader || this.stopped) return;
    try {
      const waiting = await api.resque.queue.length("tick");
      if (waiting > 0) {
        log("tick skipped", "notice", {
          nodeId: nodeId(),
          dueMs,
          waiting,
          reason: "previous tick still queued",
        });
        return;
      }
      await task.enqueue("settleIncome", { dueMs }, "tick");
    } catch (error) {
      log("tick enqueue failed", "warning", {
        nodeId: nodeId(),
        dueMs,
        error: String(error),
      });
    }
  }
}

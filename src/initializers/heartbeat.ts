import { Initializer, log } from "actionhero";
import { localCounts } from "../modules/localConnections";
import { nodeId } from "../modules/nodeId";
import { use } from "../modules/runtime";
import { settings } from "../settings";
import { removeHeartbeat, writeHeartbeat } from "../store/nodes";

/**
 * Announces this node in Redis every third of the presence expiry, so that
 * `/api/admin/nodes` lists it (workers included) and a dead node drops out
 * within PRESENCE_TTL_MS.
 */
export class HeartbeatInitializer extends Initializer {
  private timer?: NodeJS.Timeout;
  private last = { at: Date.now(), pushes: 0 };

  constructor() {
    super();
    this.name = "heartbeat";
    this.startPriority = 1000;
    // Stop early so the node leaves the list before its ports close.
    this.stopPriority = 50;
  }

  async start() {
    await this.beat();
    const period = Math.floor(settings().PRESENCE_TTL_MS / 3);
    this.timer = setInterval(() => void this.beat(), period);
    log("node started", "info", { nodeId: nodeId(), role: settings().ROLE });
  }

  async stop() {
    clearInterval(this.timer);
    await removeHeartbeat(use("redis"), nodeId()).catch((error) =>
      log("heartbeat removal failed", "warning", {
        nodeId: nodeId(),
        error: String(error),
      }),
    );
    log("node stopped", "info", { nodeId: nodeId() });
  }

  private async beat() {
    try {
      const { pushes, ...counts } = localCounts();
      const now = Date.now();
      const seconds = (now - this.last.at) / 1000;
      const pushesPerSecond =
        seconds > 0 ? Math.round((pushes - this.last.pushes) / seconds) : 0;
      this.last = { at: now, pushes };
      const info = {
        id: nodeId(),
        role: settings().ROLE,
        ...counts,
        heartbeatAt: now,
        pushesPerSecond,
      };
      await writeHeartbeat(use("redis"), info, settings().PRESENCE_TTL_MS);
    } catch (error) {
      // Redis away: keep beating; the node reappears once Redis is back.
      log("heartbeat failed", "warning", {
        nodeId: nodeId(),
        error: String(error),
      });
    }
  }
}

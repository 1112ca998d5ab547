import { Initializer, log } from "actionhero";
import { nodeId } from "../modules/nodeId";
import { localSessions } from "../modules/playerSockets";
import { use } from "../modules/runtime";
import { settings } from "../settings";
import { purgeExpiredSessions } from "../store/accounts";
import { liveTokens } from "../store/sessionCheck";

/** How often expired session rows are deleted (worker roles), ms. */
const PURGE_MS = 3_600_000;

/**
 * Signs sockets out whose session ended elsewhere (logout over HTTP, or
 * expiry), so they leave their player's room within SESSION_CHECK_MS; and on task
 * nodes deletes expired session rows now and then.
 */
export class SessionSweepInitializer extends Initializer {
  private checkTimer?: NodeJS.Timeout;
  private purgeTimer?: NodeJS.Timeout;

  constructor() {
    super();
    this.name = "sessionSweep";
    this.startPriority = 1200;
  }

  async start() {
    this.checkTimer = setInterval(
      () => void this.check(),
      settings().SESSION_CHECK_MS,
    );
    if (settings().ROLE !== "frontend")
      this.purgeTimer = setInterval(() => void this.purge(), PURGE_MS);
  }

  async stop() {
    clearInterval(this.checkTimer);
    clearInterval(this.purgeTimer);
  }

  private async check() {
    const sessions = localSessions().filter((s) => s.token !== undefined);
    try {
      const live = await liveTokens(use("db"), [
        ...new Set(sessions.map((s) => s.token!)),
      ]);
      for (const session of sessions) {
        if (live.has(session.token!)) continue;
        log("socket signed out", "info", {
          nodeId: nodeId(),
          playerId: session.playerId,
          reason: "session ended",
        });
        session.signOut("session ended: logged out or expired");
      }
    } catch (error) {
      log("session check failed", "warning", {
        nodeId: nodeId(),
        error: String(error),
      });
    }
  }

  private async purge() {
    try {
      const purged = await purgeExpiredSessions(use("db"));
      log("expired sessions purged", "debug", { nodeId: nodeId(), purged });
    } catch (error) {
      log("session purge failed", "warning", {
        nodeId: nodeId(),
        error: String(error),
      });
    }
  }
}

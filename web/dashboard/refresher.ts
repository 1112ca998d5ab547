import { ApiError, apiCall, asApiError } from "../shared/api.js";
import type { NodeInfo, Stats } from "../shared/types.js";

/** Shortest time between the starts of two refreshes (ms). */
const REFRESH_MS = 1000;

/** Data older than this is called stale (ms). */
export const STALE_AFTER_MS = 3000;

export interface Snapshot {
  nodes: NodeInfo[];
  stats: Stats;
  /** Local clock when it arrived. */
  receivedAt: number;
}

export interface RefreshHooks {
  onData(snapshot: Snapshot): void;
  /** A refresh failed for a reason other than the token. */
  onFailure(error: ApiError): void;
  /** The token was refused (401) or is not the admin's (403). */
  onRejected(error: ApiError): void;
}

/**
 * Polls `/api/admin/nodes` and `/api/admin/stats` together, one refresh at
 * a time and at most once a second. Stops itself when the token is refused.
 */
export class Refresher {
  private timer: number | undefined;
  private stopped = false;
  private lastOk: number | undefined;

  constructor(
    private readonly token: string,
    private readonly hooks: RefreshHooks,
  ) {}

  start(): void {
    void this.refresh();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
  }

  /** Milliseconds since the last successful refresh, if there was one. */
  age(now = Date.now()): number | undefined {
    return this.lastOk === undefined ? undefined : now - this.lastOk;
  }

  private async refresh(): Promise<void> {
    const started = performance.now();
    try {
      const options = { token: this.token };
      const [nodes, stats] = await Promise.all([
        apiCall<{ nodes: NodeInfo[] }>("GET", "/api/admin/nodes", options),
        apiCall<Stats>("GET", "/api/admin/stats", options),
      ]);
      if (this.stopped) return;
      this.lastOk = Date.now();
      this.hooks.onData({ nodes: nodes.nodes, stats, receivedAt: this.lastOk });
    } catch (error) {
      if (this.stopped) return;
      const failure = asApiError(error);
      if (failure.status === 401 || failure.status === 403) {
        this.stop();
        return this.hooks.onRejected(failure);
      }
      this.hooks.onFailure(failure);
    }
    const wait = Math.max(0, REFRESH_MS - (performance.now() - started));
    this.timer = window.setTimeout(() => void this.refresh(), wait);
  }
}

import { ApiError, apiCall, asApiError } from "../shared/api.js";
import type { LedgerEntry, PlayerState } from "../shared/types.js";
import { SocketSession } from "./socketSession.js";

/**
 * How fresh the page's state is, as the connection indicator shows it.
 *
 *   connecting  → live | polling
 *   live        → reconnecting          (socket lost, or `reconnect` event)
 *   reconnecting→ resyncing → live
 *   reconnecting→ polling               (after RECONNECTS_BEFORE_POLLING)
 *   polling     → resyncing → live      (the socket came back)
 *   any but live/resyncing ⇄ offline   (`GET /api/me` gets no answer)
 */
export type LinkStatus =
  "connecting" | "live" | "reconnecting" | "resyncing" | "polling" | "offline";

export interface FeedHooks {
  /** A state from a push, resync or poll; `snapshot`: take it as is. */
  onState(state: PlayerState, snapshot: boolean): void;
  /** A server timestamp that just arrived (the socket's welcome). */
  onServerTime(serverMs: number): void;
  onStatus(status: LinkStatus): void;
  /** The ledger has entries the page may not show yet. */
  onLedgerChanged(): void;
  /** The token was refused: the session is over. */
  onSignedOut(): void;
  /** Version of the newest state the page holds, for resync. */
  currentVersion(): number | undefined;
}

/** While the socket is down, `GET /api/me` runs this often (ms). */
const POLL_MS = 1000;

/** First and longest wait between socket attempts (ms). */
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 15000;

/** Failed attempts after a lost socket before the page says "polling". */
const RECONNECTS_BEFORE_POLLING = 5;

/** `resync` reply (contract v1.1, "Sockets"). */
interface Resync {
  state: PlayerState;
  entries: LedgerEntry[];
  complete: boolean;
}

/**
 * Keeps the player's state current: pushes over the `/ws` socket when it
 * works, `GET /api/me` every second while it does not. The socket is
 * retried with backoff all along, so a page that started polling switches
 * to pushes once the node offers them. Actions go over HTTP regardless.
 */
export class LiveFeed {
  private session: SocketSession | undefined;
  private phase: "down" | "resyncing" | "live" = "down";
  private everLive = false;
  private failures = 0;
  private pollFailing = false;
  private retryTimer: number | undefined;
  private pollTimer: number | undefined;
  private pollInFlight = false;
  private stopped = false;
  private status: LinkStatus | undefined;
  /** Version held when the live socket was lost: where resync starts. */
  private resyncFrom: number | undefined;

  constructor(
    private readonly token: string,
    private readonly hooks: FeedHooks,
    private readonly url = socketUrl(),
  ) {}

  start(): void {
    this.refreshStatus();
    this.ensurePolling();
    void this.connect();
  }

  /** Ends the socket and every timer; the feed cannot start again. */
  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    window.clearTimeout(this.pollTimer);
    const session = this.session;
    this.session = undefined;
    session?.close();
  }

  private async connect(): Promise<void> {
    this.retryTimer = undefined;
    let session: SocketSession | undefined;
    try {
      const opened = await SocketSession.open(this.url, {
        onEvent: (event, data) => this.onEvent(session, event, data),
        onClose: () => this.onClose(session),
      });
      session = opened.session;
      if (this.stopped) return session.close();
      this.hooks.onServerTime(opened.welcome.serverTime);
      await session.call("authenticate", { token: this.token });
      if (this.everLive) await this.resync(session);
      this.becomeLive(session);
    } catch (error) {
      session?.close();
      this.onConnectFailed(asApiError(error));
    }
  }

  private async resync(session: SocketSession): Promise<void> {
    this.phase = "resyncing";
    this.refreshStatus();
    // The sign-in has just pushed the newest state; what happened between
    // the drop and now is asked for from the version held at the drop.
    const since = this.resyncFrom;
    const reply = await session.call<Resync>(
      "resync",
      since === undefined ? {} : { sinceVersion: since },
    );
    this.resyncFrom = undefined;
    this.hooks.onState(reply.state, !reply.complete);
    if (reply.entries.length > 0 || !reply.complete) {
      this.hooks.onLedgerChanged();
    }
  }

  private becomeLive(session: SocketSession): void {
    this.session = session;
    this.phase = "live";
    this.everLive = true;
    this.failures = 0;
    this.pollFailing = false;
    window.clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.refreshStatus();
  }

  private onConnectFailed(error: ApiError): void {
    if (this.stopped) return;
    if (error.code === "UNAUTHENTICATED") return this.hooks.onSignedOut();
    this.phase = "down";
    this.failures++;
    this.refreshStatus();
    this.ensurePolling();
    this.scheduleRetry(backoff(this.failures));
  }

  private onEvent(
    session: SocketSession | undefined,
    event: string,
    data: unknown,
  ): void {
    if (event === "state") this.hooks.onState(data as PlayerState, false);
    // The node is about to close on purpose: go to another one promptly.
    if (event === "reconnect") session?.close();
  }

  /** A socket that had gone live closed (or was closed on `reconnect`). */
  private onClose(session: SocketSession | undefined): void {
    if (this.stopped || !session || session !== this.session) return;
    this.session = undefined;
    this.resyncFrom = this.hooks.currentVersion();
    this.phase = "down";
    this.refreshStatus();
    this.ensurePolling();
    this.scheduleRetry(Math.random() * BACKOFF_FIRST_MS);
  }

  private scheduleRetry(delayMs: number): void {
    if (this.stopped || this.retryTimer !== undefined) return;
    this.retryTimer = window.setTimeout(() => void this.connect(), delayMs);
  }

  private ensurePolling(): void {
    if (this.stopped || this.phase !== "down") return;
    if (this.pollTimer !== undefined || this.pollInFlight) return;
    this.pollTimer = window.setTimeout(() => void this.poll(), POLL_MS);
  }

  private async poll(): Promise<void> {
    this.pollTimer = undefined;
    if (this.stopped || this.phase !== "down") return;
    this.pollInFlight = true;
    try {
      const reply = await apiCall<{ state: PlayerState }>("GET", "/api/me", {
        token: this.token,
      });
      this.pollFailing = false;
      if (!this.stopped) this.hooks.onState(reply.state, false);
    } catch (error) {
      const failure = asApiError(error);
      if (failure.code === "UNAUTHENTICATED" && !this.stopped) {
        return this.hooks.onSignedOut();
      }
      this.pollFailing = true;
    } finally {
      this.pollInFlight = false;
    }
    this.refreshStatus();
    this.ensurePolling();
  }

  private refreshStatus(): void {
    if (this.stopped) return;
    const status = this.currentStatus();
    if (status === this.status) return;
    this.status = status;
    this.hooks.onStatus(status);
  }

  private currentStatus(): LinkStatus {
    if (this.phase === "live") return "live";
    if (this.phase === "resyncing") return "resyncing";
    if (this.pollFailing) return "offline";
    if (!this.everLive) return this.failures === 0 ? "connecting" : "polling";
    return this.failures < RECONNECTS_BEFORE_POLLING
      ? "reconnecting"
      : "polling";
  }
}

/** `ws://` or `wss://` to `/ws` on the host that served the page. */
function socketUrl(): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws`;
}

/** Wait before attempt `n` (1 for the first retry): doubling, jittered. */
function backoff(failures: number): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (failures - 1));
  return base * (0.5 + Math.random() * 0.5);
}

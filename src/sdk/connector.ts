import { AccrueError, ClientErrorCode } from "./accrueError";
import { BackoffOptions, backoffDelay } from "./backoff";
import { Transport, TransportKind, openTransport } from "./transport";
import { ReconnectingInfo, Welcome } from "./types";

/**
 * Where the connection stands. Allowed transitions:
 *   idle -> connecting          start()
 *   connecting -> open          ready(): welcomed and the session restored
 *   connecting -> reconnecting  the attempt failed; another one is scheduled
 *   connecting -> idle          start() gave up: every endpoint failed once
 *   open -> reconnecting        socket dropped, or leave() (server `reconnect`)
 *   open -> idle                socket dropped and reconnecting is off
 *   reconnecting -> connecting  the backoff delay elapsed
 *   any -> closed               close(); final
 */
export type ClientStatus =
  "idle" | "connecting" | "open" | "reconnecting" | "closed";

/** Resolved settings of a `Connector`; see `AccrueClientOptions`. */
export interface ConnectorOptions {
  /** Socket kind. */
  kind: TransportKind;
  /** Endpoints, already checked; at least one. */
  endpoints: readonly string[];
  /** Longest wait for `welcome` after opening a socket, milliseconds, >= 1. */
  welcomeTimeoutMs: number;
  /** Reconnect after an open connection drops. */
  reconnect: boolean;
  /** Delays between attempts. */
  backoff: BackoffOptions;
}

/** What the connector reports to its owner, synchronously. */
export interface ConnectorHooks {
  /** The server welcomed attempt `attempt`; answer with ready() or leave(). */
  onWelcome(welcome: Welcome, attempt: number): void;
  /** Any other server message on the current connection. */
  onMessage(message: Record<string, unknown>): void;
  /** A frame that was not a JSON object; the connection stays open. */
  onMalformed(error: Error): void;
  /** The current socket ended; `wasOpen` when ready() had been called. */
  onDropped(reason: string, wasOpen: boolean): void;
  /** Another attempt is scheduled. */
  onReconnecting(info: ReconnectingInfo): void;
  /** No more attempts (round failed, or reconnecting is off); status is idle. */
  onStopped(reason: string): void;
}

/**
 * Owns the socket's life: which endpoint to try, the welcome deadline, the
 * backoff between attempts, and rotation through the cluster's endpoints.
 * Knows nothing of requests or players; `AccrueClient` does that on top.
 */
export class Connector {
  private current: ClientStatus = "idle";
  private transport: Transport | undefined;
  /** Id of the current socket, so late callbacks from old ones are ignored. */
  private attempt = 0;
  private endpointIndex = 0;
  /** Failed attempts since the last open connection; the backoff exponent. */
  private retries = 0;
  /** Set by start(): give up once every endpoint failed once. */
  private giveUpAfterRound = false;
  private awaitingWelcome = false;
  private leaveReason: string | undefined;
  private welcomeTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  /**
   * @param options resolved settings
   * @param hooks receives everything that happens, see `ConnectorHooks`
   */
  constructor(
    private readonly options: ConnectorOptions,
    private readonly hooks: ConnectorHooks,
  ) {}

  /** Where the connection stands; see `ClientStatus`. */
  get status(): ClientStatus {
    return this.current;
  }

  /** Opens the first attempt; only from idle, else does nothing. */
  start(): void {
    if (this.current !== "idle") return;

    this.giveUpAfterRound = true;
    this.retries = 0;
    this.openAttempt();
  }

  /**
   * Marks attempt `attempt` open once its session is restored.
   *
   * @returns false when that attempt is no longer the current one
   */
  ready(attempt: number): boolean {
    if (attempt !== this.attempt || this.current !== "connecting") return false;

    this.current = "open";
    this.retries = 0;
    this.giveUpAfterRound = false;
    return true;
  }

  /**
   * Sends one encoded message on the current socket.
   *
   * @throws AccrueError `DISCONNECTED` when there is none, or it is closing
   */
  send(text: string): void {
    if (!this.transport) {
      throw new AccrueError(ClientErrorCode.DISCONNECTED, "not connected");
    }

    this.transport.send(text);
  }

  /**
   * Closes attempt `attempt` (default: the current one) on purpose, e.g.
   * on a server `reconnect` event; the usual drop handling then runs with
   * `reason`. Does nothing when that attempt is already gone.
   */
  leave(reason: string, attempt = this.attempt): void {
    if (attempt !== this.attempt || !this.transport) return;

    this.leaveReason = reason;
    void this.transport.close();
  }

  /** Stops for good and resolves once the socket is closed. Idempotent. */
  close(): Promise<void> {
    if (this.closing) return this.closing;

    const transport = this.transport;
    this.current = "closed";
    this.transport = undefined;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.welcomeTimer);

    this.closing = transport ? transport.close() : Promise.resolve();
    return this.closing;
  }

  private openAttempt(): void {
    const attempt = ++this.attempt;
    const endpoint = this.options.endpoints[this.endpointIndex];
    const isCurrent = () => attempt === this.attempt && !!this.transport;
    this.current = "connecting";
    this.awaitingWelcome = true;

    this.transport = openTransport(this.options.kind, endpoint, {
      onMessage: (message) => isCurrent() && this.receive(message),
      onMalformed: (error) => isCurrent() && this.hooks.onMalformed(error),
      onClose: (reason) => isCurrent() && this.handleClose(reason),
    });

    const timeoutMs = this.options.welcomeTimeoutMs;
    const reason = `no welcome within ${timeoutMs} ms`;
    this.welcomeTimer = setTimeout(
      () => this.leave(reason, attempt),
      timeoutMs,
    );
    // The open socket keeps the process alive while we wait; this need not.
    this.welcomeTimer.unref();
  }

  private receive(message: Record<string, unknown>): void {
    // Only the first welcome of a socket starts its session.
    if (message.event !== "welcome" || !this.awaitingWelcome) {
      this.hooks.onMessage(message);
      return;
    }

    this.awaitingWelcome = false;
    clearTimeout(this.welcomeTimer);
    this.hooks.onWelcome(message.data as Welcome, this.attempt);
  }

  private handleClose(closeReason: string): void {
    const reason = this.leaveReason ?? closeReason;
    const wasOpen = this.current === "open";
    const endpoints = this.options.endpoints;
    this.transport = undefined;
    this.leaveReason = undefined;
    this.awaitingWelcome = false;
    clearTimeout(this.welcomeTimer);
    this.endpointIndex = (this.endpointIndex + 1) % endpoints.length;

    this.hooks.onDropped(reason, wasOpen);
    // A hook may have called close().
    if (this.current === "closed") return;

    if (wasOpen ? !this.options.reconnect : this.roundFailed()) {
      this.current = "idle";
      this.hooks.onStopped(reason);
    } else {
      this.scheduleReconnect(reason);
    }
  }

  /** True when start() has now tried every endpoint once without success. */
  private roundFailed(): boolean {
    const endpoints = this.options.endpoints;
    return this.giveUpAfterRound && this.retries + 1 >= endpoints.length;
  }

  private scheduleReconnect(reason: string): void {
    const delayMs = backoffDelay(this.retries, this.options.backoff);
    this.retries += 1;
    this.current = "reconnecting";
    // Not unref'd: a client that is reconnecting should keep its process
    // alive. close() clears it.
    this.reconnectTimer = setTimeout(() => this.openAttempt(), delayMs);

    const endpoint = this.options.endpoints[this.endpointIndex];
    const attempt = this.retries;
    this.hooks.onReconnecting({ reason, attempt, delayMs, endpoint });
  }
}

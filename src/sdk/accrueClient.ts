import { EventEmitter } from "node:events";
import {
  AccrueError,
  ClientErrorCode,
  ServerErrorCode,
  errorFromWire,
  isConnectionFailure,
  toError,
} from "./accrueError";
import { AccrueClientOptions, resolveClientOptions } from "./clientOptions";
import { ClientStatus, Connector } from "./connector";
import { createDeferred, Deferred } from "./deferred";
import { PendingCalls } from "./pendingCalls";
import {
  AccrueClientEvents,
  PlayerState,
  ResyncResult,
  SayMessage,
  SignInResult,
  StateMeta,
  Welcome,
  isPlayerState,
} from "./types";

export type { AccrueClientEvents, AccrueClientOptions, ClientStatus };

/**
 * Client for Accrue's socket protocol (contract v1.1) over WebSocket or TCP:
 * request/reply calls, pushed player state with stale versions dropped, and
 * reconnection across a cluster's nodes with sign-in and resync restored.
 */
export class AccrueClient extends EventEmitter<AccrueClientEvents> {
  private readonly connector: Connector;
  private readonly pending: PendingCalls;
  private readonly maxMessageBytes: number;
  private hasOpened = false;
  private waiter: Deferred<Welcome> | undefined;
  private sessionToken: string | undefined;
  private playerState: PlayerState | undefined;
  private welcomeData: Welcome | undefined;

  /** @throws TypeError or RangeError on invalid options */
  constructor(options: AccrueClientOptions) {
    super();
    const settings = resolveClientOptions(options);
    this.maxMessageBytes = settings.maxMessageBytes;
    this.sessionToken = settings.token;

    this.pending = new PendingCalls(settings.requestTimeoutMs);
    this.connector = new Connector(settings, {
      onWelcome: (welcome, attempt) => this.handleWelcome(welcome, attempt),
      onMessage: (message) => this.handleMessage(message),
      onMalformed: (error) => this.handleMalformed(error),
      onDropped: (reason, wasOpen) => this.handleDropped(reason, wasOpen),
      onReconnecting: (info) => this.emit("reconnecting", info),
      onStopped: (reason) => this.handleStopped(reason),
    });
  }

  /** Where the client stands; see `ClientStatus`. */
  get status(): ClientStatus {
    return this.connector.status;
  }

  /** The newest player state seen, or undefined when signed out. */
  get state(): PlayerState | undefined {
    return this.playerState;
  }

  /** `version` of `state`; pushes at or below it are dropped as stale. */
  get lastVersion(): number | undefined {
    return this.playerState?.version;
  }

  /** The session token in use, from `token`, `signup`, `login` or `authenticate`. */
  get token(): string | undefined {
    return this.sessionToken;
  }

  /** The latest `welcome`; its `nodeId` names the node in use. */
  get lastWelcome(): Welcome | undefined {
    return this.welcomeData;
  }

  /**
   * Connects to the first endpoint (then the next ones on failure) and
   * resolves with the `welcome` once the connection is ready, signed in with
   * `token` when one is known. A refused token does not fail the connect: it
   * is forgotten and reported on `error`. Rejects with `DISCONNECTED` when
   * every endpoint failed once, or on close(). While reconnecting, waits for
   * the next open connection.
   */
  connect(): Promise<Welcome> {
    const status = this.connector.status;
    if (status === "closed") return Promise.reject(closedError());
    if (status === "open" && this.welcomeData) {
      return Promise.resolve(this.welcomeData);
    }

    this.waiter ??= createDeferred<Welcome>();
    const { promise } = this.waiter;
    this.connector.start();
    return promise;
  }

  /**
   * Sends `{id, action, params}` and resolves with the reply's `data`.
   * Rejects with an `AccrueError`: the server's code when refused,
   * `DISCONNECTED` when not open or the connection drops first, `TIMEOUT`
   * after `requestTimeoutMs`, `TOO_LARGE` over `maxMessageBytes`. A request
   * that failed locally may still have been carried out: retry money actions
   * with the same `idempotencyKey`.
   */
  call<T = unknown>(
    action: string,
    params: Record<string, unknown> = {},
  ): Promise<T> {
    const status = this.connector.status;
    if (status !== "open") return Promise.reject(notOpenError(status));

    return this.request<T>(action, params);
  }

  /** Creates a player and signs in; the token is kept for reconnects. */
  signup(username: string, password: string): Promise<SignInResult> {
    return this.signIn("signup", { username, password });
  }

  /** Signs in; the token is kept for reconnects. */
  login(username: string, password: string): Promise<SignInResult> {
    return this.signIn("login", { username, password });
  }

  /** Signs in with an existing token and keeps it; resolves with the reply's data. */
  async authenticate(token: string): Promise<unknown> {
    const data = await this.call("authenticate", { token });
    this.sessionToken = token;
    this.adoptReplyState(data);
    return data;
  }

  /** Ends the session; the token and state are forgotten even if the call fails. */
  async logout(): Promise<void> {
    try {
      await this.call("logout");
    } finally {
      this.forgetSession();
    }
  }

  /**
   * Asks for what changed since `sinceVersion` (default `lastVersion`),
   * adopts the answer's state if newer, emits `gap` when incomplete, then
   * `resynced`. The client already does this after every reconnect.
   */
  async resync(sinceVersion = this.lastVersion): Promise<ResyncResult> {
    const status = this.connector.status;
    if (status !== "open") throw notOpenError(status);

    return this.resyncFrom(sinceVersion);
  }

  /**
   * Closes the connection for good: stops reconnecting, rejects waiting
   * calls and connect() with `DISCONNECTED`, and resolves once the socket is
   * closed. Idempotent; a closed client cannot be reopened.
   */
  close(): Promise<void> {
    const wasOpen = this.connector.status === "open";
    const closed = this.connector.close();

    this.pending.failAll(closedError());
    this.waiter?.reject(closedError());
    this.waiter = undefined;
    if (wasOpen) this.emit("disconnected", { reason: "client closed" });
    return closed;
  }

  private async signIn(
    action: "signup" | "login",
    params: Record<string, unknown>,
  ): Promise<SignInResult> {
    const result = await this.call<SignInResult>(action, params);
    this.sessionToken = result.token;
    this.adoptReplyState(result);
    return result;
  }

  private request<T>(
    action: string,
    params: Record<string, unknown>,
  ): Promise<T> {
    const { id, reply } = this.pending.open<T>(action);
    try {
      const text = JSON.stringify({ id, action, params });
      const bytes = Buffer.byteLength(text);
      if (bytes > this.maxMessageBytes) {
        const message = `${action} request is ${bytes} bytes, over maxMessageBytes (${this.maxMessageBytes})`;
        throw new AccrueError(ServerErrorCode.TOO_LARGE, message);
      }
      this.connector.send(text);
    } catch (error) {
      this.pending.fail(id, asAccrueError(error));
    }
    return reply;
  }

  private handleWelcome(welcome: Welcome, attempt: number): void {
    this.welcomeData = welcome;
    this.emit("welcome", welcome);
    void this.restoreSession(welcome, attempt);
  }

  /** After a welcome: sign in again, resync if this is a reconnect, open. */
  private async restoreSession(
    welcome: Welcome,
    attempt: number,
  ): Promise<void> {
    // Read before authenticate: sign-in pushes the current state at once, and
    // resyncing from that version would skip what happened while away.
    const sinceVersion = this.lastVersion;
    const isReconnect = this.hasOpened;
    try {
      if (this.sessionToken !== undefined) {
        await this.signInAgain(this.sessionToken);
      }
      if (isReconnect && this.sessionToken !== undefined) {
        await this.resyncAfterReconnect(sinceVersion);
      }
    } catch (error) {
      const reason = `session restore failed: ${toError(error).message}`;
      this.connector.leave(reason, attempt);
      return;
    }

    if (this.connector.ready(attempt)) this.markOpen(welcome);
  }

  private async signInAgain(token: string): Promise<void> {
    try {
      this.adoptReplyState(await this.request("authenticate", { token }));
    } catch (error) {
      if (isConnectionFailure(error)) throw error;
      // The server refused the token (expired, logged out elsewhere): stop
      // offering it, stay connected signed out, and tell the application.
      this.forgetSession();
      this.report(toError(error));
    }
  }

  private async resyncAfterReconnect(
    sinceVersion: number | undefined,
  ): Promise<void> {
    try {
      await this.resyncFrom(sinceVersion);
    } catch (error) {
      if (isConnectionFailure(error)) throw error;
      // Pushes still flow; a refused resync only loses the ledger catch-up.
      this.report(toError(error));
    }
  }

  private async resyncFrom(
    sinceVersion: number | undefined,
  ): Promise<ResyncResult> {
    const params = sinceVersion === undefined ? {} : { sinceVersion };
    const answer = await this.request<ResyncResult>("resync", params);

    if (isPlayerState(answer?.state)) this.adoptState(answer.state);
    if (answer?.complete === false) {
      this.emit("gap", { sinceVersion, state: answer.state });
    }
    this.emit("resynced", { ...answer, sinceVersion });
    return answer;
  }

  private markOpen(welcome: Welcome): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    this.hasOpened = true;

    this.emit("connected", welcome);
    waiter?.resolve(welcome);
  }

  private handleMessage(message: Record<string, unknown>): void {
    if (typeof message.event === "string") {
      this.handleEvent(message.event, message.data, message.committedAt);
      return;
    }
    if (!("ok" in message)) {
      this.report(protocolError("message is neither an event nor a reply"));
      return;
    }

    if (this.pending.settle(message)) return;
    // No id: the server could not read one of our frames. With an id nobody
    // waits for, it is the late answer to a timed-out request: drop it.
    if (message.id === undefined) this.report(errorFromWire(message.error));
  }

  private handleEvent(event: string, data: unknown, committedAt: unknown) {
    if (event === "state") {
      const message = "state event without playerId or version";
      const meta: StateMeta = { pushed: true };
      if (typeof committedAt === "number") meta.committedAt = committedAt;
      if (isPlayerState(data)) this.adoptState(data, meta);
      else this.report(protocolError(message));
    } else if (event === "say") {
      this.emit("say", data as SayMessage);
    } else if (event === "reconnect") {
      // The node is going away on purpose: leave now rather than be cut off
      // mid-request, and come back through another endpoint.
      const reason = (data as { reason?: unknown } | undefined)?.reason;
      this.connector.leave(
        typeof reason === "string" ? reason : "server asked to reconnect",
      );
    }
    // Anything else (a repeated welcome, an event added to the contract
    // later) is not an error: ignore it.
  }

  private handleMalformed(error: Error): void {
    const message = `malformed frame from server: ${error.message}`;
    this.report(protocolError(message, error));
  }

  private handleDropped(reason: string, wasOpen: boolean): void {
    const message = `connection closed: ${reason}`;
    this.pending.failAll(
      new AccrueError(ClientErrorCode.DISCONNECTED, message),
    );
    if (wasOpen) this.emit("disconnected", { reason });
  }

  private handleStopped(reason: string): void {
    const waiter = this.waiter;
    const message = `could not connect: ${reason}`;
    this.waiter = undefined;
    waiter?.reject(new AccrueError(ClientErrorCode.DISCONNECTED, message));
  }

  private adoptReplyState(data: unknown): void {
    const state = (data as { state?: unknown } | undefined)?.state;
    if (isPlayerState(state)) this.adoptState(state);
  }

  private adoptState(
    state: PlayerState,
    meta: StateMeta = { pushed: false },
  ): void {
    const current = this.playerState;
    // Pushes from before a resync can land after it; versions only grow per
    // player, so an older or equal version is stale. Another player's state
    // (after a new login) always replaces the old one.
    const stale =
      current?.playerId === state.playerId && state.version <= current.version;
    if (stale) {
      this.emit("stale", state, meta);
      return;
    }

    this.playerState = state;
    this.emit("state", state, meta);
  }

  private forgetSession(): void {
    this.sessionToken = undefined;
    this.playerState = undefined;
  }

  /**
   * Emits `error` only when someone listens: these errors are recoverable,
   * and an `error` event nobody hears would crash the process.
   */
  private report(error: Error): void {
    if (this.listenerCount("error") > 0) this.emit("error", error);
  }
}

function closedError(): AccrueError {
  return new AccrueError(ClientErrorCode.DISCONNECTED, "client closed");
}

function notOpenError(status: ClientStatus): AccrueError {
  const message = `not connected (status ${status})`;
  return new AccrueError(ClientErrorCode.DISCONNECTED, message);
}

function protocolError(message: string, cause?: Error): AccrueError {
  return new AccrueError(ClientErrorCode.PROTOCOL, message, { cause });
}

function asAccrueError(error: unknown): AccrueError {
  if (error instanceof AccrueError) return error;

  const message = `request could not be encoded: ${String(error)}`;
  return new AccrueError(ServerErrorCode.BAD_REQUEST, message, {
    cause: error,
  });
}

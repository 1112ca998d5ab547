import { Connection, chatRoom, log } from "actionhero";
import { AppError, toWireError } from "../errors/appError";
import type { PlayerState } from "../game/state";
import { RateLimiter } from "../protocol/rateLimiter";
import {
  BadMessage,
  SIGN_IN_ACTIONS,
  SOCKET_ACTIONS,
  SocketAction,
  SocketEvent,
  SocketEvents,
  SocketRequest,
  encodeError,
  encodeEvent,
  encodeReply,
  parseRequest,
} from "../protocol/wire";
import { runAction } from "./actionOutcome";
import { nodeId } from "./nodeId";
import { PushTarget, bindSession, unbindSession } from "./playerSockets";
import { joinPlayerRoom, playerRoom } from "./playerRooms";
import { SocketLimits } from "./socketLimits";

/** How a session writes to its socket; one per transport. */
export interface SocketTransport {
  send(text: string): void;
  /** Bytes written but not yet flushed to the network. */
  buffered(): number;
  /** Closes the socket; `reason` goes in the close frame or log. */
  close(reason: string): void;
}

/**
 * One client connection on WebSocket or TCP: reads requests, runs them as
 * Actionhero actions, signs the connection in and out, and pushes states
 * with strictly rising versions. Both transports share this class, so they
 * behave the same by construction.
 *
 * Push flow control: while the socket has more than `pushHighWaterBytes`
 * unsent, new states are not written; only the latest waits (older ones are
 * dropped, since a state carries everything). A client that stays over the
 * mark for `slowClientMs`, or passes `maxBufferedBytes`, is disconnected.
 */
export class SocketSession implements PushTarget {
  playerId: number | undefined;
  username: string | undefined;
  private lastVersion = 0;
  private waitingState:
    { state: PlayerState; committedAt?: number } | undefined;
  private overSince: number | undefined;
  private drainTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly messages: RateLimiter;
  private readonly says: RateLimiter;

  constructor(
    readonly connection: Connection,
    private readonly transport: SocketTransport,
    private readonly limits: SocketLimits,
  ) {
    this.messages = new RateLimiter(limits.messagesPerSecond);
    this.says = new RateLimiter(limits.saysPerSecond);
  }

  /** Sends the welcome event; call once the socket is open. */
  welcome(): void {
    this.emit(SocketEvents.welcome, {
      connectionId: this.connection.id,
      nodeId: nodeId(),
      serverTime: Date.now(),
    });
  }

  /** Handles one complete message (a WebSocket frame or a TCP line). */
  async receive(text: string): Promise<void> {
    let request: SocketRequest;
    try {
      request = parseRequest(text);
    } catch (error) {
      const id = error instanceof BadMessage ? error.id : undefined;
      const message =
        error instanceof Error ? error.message : "unreadable message";
      this.write(encodeError(id, { code: "BAD_REQUEST", message }));
      return;
    }
    if (!this.messages.take()) {
      return this.refuse(
        request,
        "RATE_LIMITED",
        `over ${this.limits.messagesPerSecond} messages a second (limit SOCKET_MESSAGES_PER_SECOND)`,
      );
    }
    if (request.action === "say" && !this.says.take()) {
      return this.refuse(
        request,
        "RATE_LIMITED",
        `over ${this.limits.saysPerSecond} says a second (limit SAYS_PER_SECOND)`,
      );
    }
    await this.dispatch(request);
  }

  /** Answers a message that could not be decoded at all (binary, bad UTF-8). */
  rejectUnreadable(message: string): void {
    this.write(encodeError(undefined, { code: "BAD_REQUEST", message }));
  }

  /** Sends a state push if it is newer than the last one sent. */
  pushState(state: PlayerState, committedAt?: number): void {
    if (
      this.closed ||
      state.playerId !== this.playerId ||
      state.version <= this.lastVersion
    )
      return;
    if (this.transport.buffered() > this.limits.pushHighWaterBytes) {
      if (!this.waitingState || state.version > this.waitingState.state.version)
        this.waitingState = { state, committedAt };
      this.watchDrain();
      return;
    }
    this.lastVersion = state.version;
    // `committedAt` (extension) lets clients measure push latency.
    this.write(
      encodeEvent(
        SocketEvents.state,
        state,
        committedAt === undefined ? {} : { committedAt },
      ),
    );
  }

  /** Delivers a chat message to this client. */
  deliverSay(data: {
    room: string;
    from: string;
    message: string;
    sentAt: number;
  }): void {
    this.emit(SocketEvents.say, data);
  }

  /** Tells the client to reconnect elsewhere, then closes. */
  sendReconnect(reason: string): void {
    this.emit(SocketEvents.reconnect, { reason });
    this.transport.close(reason);
  }

  /** The socket closed: signs out and forgets the connection; idempotent. */
  async onClosed(reason: string): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.drainTimer);
    this.unbind();
    log("socket closed", "info", {
      connectionId: this.connection.id,
      playerId: this.playerId,
      reason,
    });
    await this.connection.destroy().catch((error) =>
      log("socket cleanup failed", "warning", {
        connectionId: this.connection.id,
        error: String(error),
      }),
    );
  }

  /** The token this connection signed in with, if signed in. */
  get token(): string | undefined {
    return this.connection.rawConnection.token;
  }

  /** Signs out because the session ended elsewhere (logout, expiry). */
  signOut(reason: string): void {
    if (this.playerId === undefined) return;
    this.unbind();
    this.emit(SocketEvents.signedOut, { reason });
  }

  private async dispatch(request: SocketRequest): Promise<void> {
    const action = Object.hasOwn(SOCKET_ACTIONS, request.action)
      ? SOCKET_ACTIONS[request.action as SocketAction]
      : undefined;
    if (!action) {
      return this.refuse(
        request,
        "NOT_FOUND",
        `unknown action ${JSON.stringify(request.action.slice(0, 64))}`,
      );
    }
    const params = request.params ?? {};
    const outcome = await runAction(this.connection, action, params);
    if (this.closed) return;
    if (!outcome.ok) {
      if (
        outcome.error.code === "UNAUTHENTICATED" &&
        this.playerId !== undefined &&
        !SIGN_IN_ACTIONS.has(action)
      ) {
        this.unbind();
      }
      this.write(encodeError(request.id, outcome.error));
      return;
    }
    this.write(encodeReply(request.id, outcome.data));
    await this.afterSuccess(action, params, outcome.data);
  }

  private async afterSuccess(
    action: string,
    params: Record<string, unknown>,
    data: object,
  ) {
    if (action === "logout") return this.unbind();
    if (!SIGN_IN_ACTIONS.has(action)) return;
    const signedIn = data as { token?: string; state: PlayerState };
    const token = signedIn.token ?? (params.token as string);
    await this.bind(signedIn.state, token);
  }

  private async bind(state: PlayerState, token: string) {
    if (this.playerId !== undefined && this.playerId !== state.playerId)
      this.unbind();
    this.connection.rawConnection.token = token;
    this.connection.rawConnection.username = state.username;
    this.connection.rawConnection.playerId = state.playerId;
    this.username = state.username;
    if (this.playerId !== state.playerId) {
      this.playerId = state.playerId;
      this.lastVersion = 0;
      try {
        await joinPlayerRoom(this.connection, state.playerId);
      } catch (error) {
        log("player room join failed", "warning", {
          connectionId: this.connection.id,
          playerId: state.playerId,
          error: String(error),
        });
      }
      bindSession(state.playerId, this);
      log("player signed in", "info", {
        connectionId: this.connection.id,
        playerId: state.playerId,
        nodeId: nodeId(),
      });
    }
    this.pushState(state);
  }

  private unbind() {
    const playerId = this.playerId;
    if (playerId === undefined) return;
    this.playerId = undefined;
    this.username = undefined;
    this.waitingState = undefined;
    this.connection.rawConnection.token = undefined;
    this.connection.rawConnection.playerId = undefined;
    unbindSession(playerId, this);
    const room = playerRoom(playerId);
    if (this.connection.rooms.includes(room)) {
      chatRoom.removeMember(this.connection.id, room).catch((error: unknown) =>
        log("player room leave failed", "warning", {
          connectionId: this.connection.id,
          playerId,
          error: String(error),
        }),
      );
    }
  }

  private refuse(
    request: SocketRequest,
    code: "RATE_LIMITED" | "NOT_FOUND",
    message: string,
  ) {
    this.write(
      encodeError(request.id, toWireError(new AppError(code, message))),
    );
  }

  private emit(event: SocketEvent, data: object) {
    this.write(encodeEvent(event, data));
  }

  private write(text: string) {
    if (this.closed) return;
    if (this.transport.buffered() > this.limits.maxBufferedBytes) {
      return this.disconnectSlow(
        `over ${this.limits.maxBufferedBytes} bytes unsent`,
      );
    }
    this.transport.send(text);
  }

  private watchDrain() {
    this.overSince ??= Date.now();
    if (this.drainTimer) return;
    this.drainTimer = setInterval(() => this.checkDrain(), 100);
    this.drainTimer.unref();
  }

  private checkDrain() {
    if (this.transport.buffered() <= this.limits.pushHighWaterBytes / 2) {
      clearInterval(this.drainTimer);
      this.drainTimer = undefined;
      this.overSince = undefined;
      const state = this.waitingState;
      this.waitingState = undefined;
      if (state) this.pushState(state.state, state.committedAt);
      return;
    }
    if (
      Date.now() - (this.overSince ?? Date.now()) >
      this.limits.slowClientMs
    ) {
      this.disconnectSlow(`not reading for ${this.limits.slowClientMs} ms`);
    }
  }

  private disconnectSlow(why: string) {
    clearInterval(this.drainTimer);
    this.drainTimer = undefined;
    log("slow client disconnected", "notice", {
      connectionId: this.connection.id,
      playerId: this.playerId,
      why,
    });
    this.transport.close(`slow consumer: ${why}`);
  }
}

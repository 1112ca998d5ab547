import { ApiError } from "../shared/api.js";

/** What the node sends first on every socket. */
export interface Welcome {
  connectionId: string;
  nodeId: string;
  /** Server clock, ms since the epoch. */
  serverTime: number;
}

export interface SocketHandlers {
  /** A pushed `{event, data}` other than `welcome`. */
  onEvent(event: string, data: unknown): void;
  /** The socket closed after `open` resolved; called once. */
  onClose(): void;
}

/** How long the node has to send `welcome` after the socket opens. */
const WELCOME_TIMEOUT_MS = 5000;

/** How long a request waits for its reply. */
const CALL_TIMEOUT_MS = 10000;

interface Pending {
  resolve(data: unknown): void;
  reject(error: ApiError): void;
  timer: number;
}

/**
 * One WebSocket to `/ws` speaking the contract's socket messages: requests
 * `{id, action, params}` matched to replies by id, and pushed events.
 * It never reopens; LiveFeed makes a new one.
 */
export class SocketSession {
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly socket: WebSocket,
    private readonly handlers: SocketHandlers,
  ) {}

  /**
   * Connects and waits for `welcome`.
   *
   * @throws ApiError `NETWORK` when the socket fails or no welcome comes
   */
  static open(
    url: string,
    handlers: SocketHandlers,
  ): Promise<{ session: SocketSession; welcome: Welcome }> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const session = new SocketSession(socket, handlers);
      const fail = (why: string) => {
        window.clearTimeout(timer);
        socket.onmessage = socket.onclose = socket.onerror = null;
        socket.close();
        reject(new ApiError("NETWORK", why, 0));
      };
      const timer = window.setTimeout(
        () => fail("no welcome"),
        WELCOME_TIMEOUT_MS,
      );

      socket.onerror = () => fail("socket failed");
      socket.onclose = () => fail("socket closed");
      socket.onmessage = (message) => {
        const parsed = parse(message.data);
        if (parsed?.event !== "welcome") return;
        window.clearTimeout(timer);
        session.listen();
        resolve({ session, welcome: parsed.data as Welcome });
      };
    });
  }

  /**
   * Sends one request and resolves with its reply's `data`.
   *
   * @throws ApiError with the reply's code, or `NETWORK` if the socket goes
   */
  call<T>(action: string, params: object = {}): Promise<T> {
    if (this.closed) {
      return Promise.reject(new ApiError("NETWORK", "socket closed", 0));
    }
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = window.setTimeout(() => {
        this.pending.delete(id);
        reject(new ApiError("NETWORK", `${action}: no reply`, 0));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: resolve as (data: unknown) => void,
        reject,
        timer,
      });
      this.socket.send(JSON.stringify({ id, action, params }));
    });
  }

  /** Closes the socket; pending calls fail with `NETWORK`. */
  close(): void {
    this.socket.close(1000);
    this.finish();
  }

  private listen(): void {
    this.socket.onmessage = (message) => this.receive(message.data);
    this.socket.onclose = () => this.finish();
    this.socket.onerror = () => this.socket.close();
  }

  private receive(text: unknown): void {
    const message = parse(text);
    if (!message) return;
    if ("ok" in message && typeof message.id === "number") {
      return this.settle(message.id, message);
    }
    if (typeof message.event === "string") {
      this.handlers.onEvent(message.event, message.data);
    }
  }

  private settle(id: number, reply: Record<string, unknown>): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    window.clearTimeout(pending.timer);
    if (reply.ok === true) return pending.resolve(reply.data);
    const error = (reply.error ?? {}) as { code?: string; message?: string };
    pending.reject(
      new ApiError(error.code ?? "BAD_RESPONSE", error.message ?? "", 0),
    );
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    for (const pending of this.pending.values()) {
      window.clearTimeout(pending.timer);
      pending.reject(new ApiError("NETWORK", "socket closed", 0));
    }
    this.pending.clear();
    this.handlers.onClose();
  }
}

function parse(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== "string") return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object"
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    // A frame that is not JSON carries nothing we can act on; drop it.
    return undefined;
  }
}

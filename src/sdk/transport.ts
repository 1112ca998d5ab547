import net from "node:net";
import WebSocket from "ws";
import { AccrueError, ClientErrorCode, toError } from "./accrueError";
import { LineDecoder, parseFrame } from "./framing";

/** Which socket kind the client speaks: WebSocket at `/ws` or raw TCP. */
export type TransportKind = "ws" | "tcp";

/**
 * Largest frame or line accepted from the server: 16 MiB (UTF-16 code units
 * on TCP, bytes on WebSocket). Far above any contract reply; it only stops a
 * broken peer from filling memory.
 */
export const MAX_INBOUND_FRAME = 16 * 1024 * 1024;

/**
 * How long close() waits for the peer to finish the close handshake (the
 * WebSocket close frame, the TCP FIN) before cutting the socket: 1000 ms.
 * ws's own wait is 30 s, far too long for a node that stopped answering.
 */
export const CLOSE_GRACE_MS = 1000;

/** What a transport reports to its owner. */
export interface TransportHandlers {
  /** One decoded server message (a JSON object). */
  onMessage(message: Record<string, unknown>): void;
  /** A frame that was not a JSON object; the connection stays open. */
  onMalformed(error: Error): void;
  /** The socket is gone, for whatever reason; called exactly once. */
  onClose(reason: string): void;
}

/** One socket to one endpoint; never reopens (the client makes a new one). */
export interface Transport {
  /**
   * Sends one already-encoded JSON message.
   *
   * @throws AccrueError `DISCONNECTED` when the socket cannot take it
   */
  send(text: string): void;
  /** Closes the socket; resolves once it is fully closed. Idempotent. */
  close(): Promise<void>;
}

/**
 * Checks that `endpoint` fits `kind`: `ws://host:port/path` (or `wss://`)
 * for WebSocket, `tcp://host:port` for TCP.
 *
 * @throws TypeError naming the endpoint when it does not
 */
export function checkEndpoint(kind: TransportKind, endpoint: string): void {
  const url = URL.canParse(endpoint) ? new URL(endpoint) : undefined;
  const schemes = kind === "ws" ? ["ws:", "wss:"] : ["tcp:"];

  if (!url || !schemes.includes(url.protocol) || !url.hostname) {
    throw new TypeError(`endpoint ${endpoint} is not a ${kind} endpoint`);
  }
  if (kind === "tcp" && !url.port) {
    throw new TypeError(`endpoint ${endpoint} needs a port`);
  }
}

/** Opens a transport of `kind` to an endpoint already passed `checkEndpoint`. */
export function openTransport(
  kind: TransportKind,
  endpoint: string,
  handlers: TransportHandlers,
): Transport {
  return kind === "ws"
    ? new WsTransport(endpoint, handlers)
    : new TcpTransport(endpoint, handlers);
}

/** One JSON object per WebSocket text frame. */
class WsTransport implements Transport {
  private readonly socket: WebSocket;
  private readonly closed: Promise<void>;
  private lastError: Error | undefined;

  constructor(url: string, handlers: TransportHandlers) {
    this.socket = new WebSocket(url, { maxPayload: MAX_INBOUND_FRAME });
    this.socket.on("message", (data, isBinary) => {
      if (isBinary) handlers.onMalformed(new SyntaxError("binary frame"));
      else deliver(rawToText(data), handlers);
    });
    // ws follows every "error" with "close"; keep the error for the reason.
    this.socket.on("error", (error) => (this.lastError = error));
    this.closed = new Promise((resolve) => {
      this.socket.once("close", (code) => {
        handlers.onClose(this.lastError?.message ?? `closed with code ${code}`);
        resolve();
      });
    });
  }

  send(text: string): void {
    if (this.socket.readyState !== WebSocket.OPEN) throw notWritable();

    this.socket.send(text);
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return this.closed;

    this.socket.close(1000);
    cutAfterGrace(this.closed, () => this.socket.terminate());
    return this.closed;
  }
}

/** One JSON object per `\n`-terminated UTF-8 line. */
class TcpTransport implements Transport {
  private readonly socket: net.Socket;
  private readonly closed: Promise<void>;
  private readonly lines = new LineDecoder(MAX_INBOUND_FRAME);
  private lastError: Error | undefined;

  constructor(endpoint: string, handlers: TransportHandlers) {
    const url = new URL(endpoint);
    // URL keeps the brackets of an IPv6 literal; net.connect wants it bare.
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    this.socket = net.connect({ host, port: Number(url.port) });
    this.socket.setNoDelay(true);
    this.socket.setKeepAlive(true);
    this.socket.on("data", (chunk) => this.receive(chunk, handlers));
    this.socket.on("error", (error) => (this.lastError = error));
    this.closed = new Promise((resolve) => {
      this.socket.once("close", () => {
        handlers.onClose(this.lastError?.message ?? "closed by peer");
        resolve();
      });
    });
  }

  send(text: string): void {
    if (!this.socket.writable || this.socket.connecting) throw notWritable();

    this.socket.write(`${text}\n`);
  }

  close(): Promise<void> {
    if (this.socket.destroyed) return this.closed;

    // Still connecting: nothing to flush, and end() would wait for the
    // connect to finish, minutes against an unreachable host.
    if (this.socket.connecting) {
      this.socket.destroy();
      return this.closed;
    }
    // end() sends FIN after queued writes, so a last request still leaves.
    this.socket.end(() => this.socket.destroy());
    cutAfterGrace(this.closed, () => this.socket.destroy());
    return this.closed;
  }

  private receive(chunk: Buffer, handlers: TransportHandlers): void {
    let lines: string[];
    try {
      lines = this.lines.push(chunk);
    } catch (error) {
      // Past the cap the stream cannot be resynchronised: drop the socket.
      this.lastError = toError(error);
      this.socket.destroy();
      return;
    }

    for (const line of lines) deliver(line, handlers);
  }
}

/** Runs `cut` unless `closed` settles within `CLOSE_GRACE_MS`. */
function cutAfterGrace(closed: Promise<void>, cut: () => void): void {
  const timer = setTimeout(cut, CLOSE_GRACE_MS);
  // Only matters while the socket lives, and the socket keeps the process up.
  timer.unref();
  void closed.then(() => clearTimeout(timer));
}

function deliver(text: string, handlers: TransportHandlers): void {
  let message: Record<string, unknown>;
  try {
    message = parseFrame(text);
  } catch (error) {
    handlers.onMalformed(toError(error));
    return;
  }

  handlers.onMessage(message);
}

function rawToText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}

function notWritable(): AccrueError {
  return new AccrueError(ClientErrorCode.DISCONNECTED, "socket is not open");
}

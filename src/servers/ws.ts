import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { log } from "actionhero";
import { RawData, WebSocket, WebSocketServer as WsServer } from "ws";
import { settings } from "../settings";
import { MAX_MESSAGE_BYTES } from "../protocol/wire";
import { SocketServerBase } from "../modules/socketServerBase";
import { SocketSession } from "../modules/socketSession";

/** Close codes (RFC 6455): going away on shutdown, policy for slow clients. */
const CLOSE_GOING_AWAY = 1001;
const CLOSE_POLICY = 1008;

/**
 * The WebSocket transport at `/ws` on the HTTP port, built on `ws`. The HTTP
 * server hands upgrades over; each frame is one JSON message. `ws` itself
 * refuses frames over 64 KiB (close 1009) and invalid UTF-8 (close 1007).
 */
export class WebSocketServer extends SocketServerBase {
  private wss?: WsServer;
  private pingTimer?: NodeJS.Timeout;
  private readonly alive = new WeakSet<WebSocket>();

  constructor() {
    super("ws");
  }

  async start() {
    if (settings().ROLE === "worker") return;
    this.stopping = false;
    this.wss = new WsServer({
      noServer: true,
      maxPayload: MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
    });
    this.pingTimer = setInterval(() => this.pingAll(), settings().WS_PING_MS);
  }

  async stop() {
    clearInterval(this.pingTimer);
    await this.sendAllAway("shutdown", 2000);
    this.wss?.clients.forEach((ws) => ws.terminate());
    this.wss?.close();
  }

  /** Takes over an HTTP upgrade request for `/ws`. */
  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer) {
    if (!this.wss || this.stopping) {
      socket.end(
        "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n",
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
  }

  private accept(ws: WebSocket, req: IncomingMessage) {
    this.alive.add(ws);
    const transport = {
      send: (text: string) => ws.send(text),
      buffered: () => ws.bufferedAmount,
      close: (reason: string) => closeSoon(ws, reason),
    };
    const opened = this.openSession(transport, {
      ip: req.socket.remoteAddress ?? "unknown",
      port: req.socket.remotePort ?? 0,
    });
    // Frames may arrive before the session exists; each waits for it, in order.
    ws.on(
      "message",
      (data, isBinary) =>
        void opened.then((s) => this.onFrame(s, data, isBinary)),
    );
    ws.on("pong", () => this.alive.add(ws));
    ws.on("error", (error) =>
      log("websocket error", "info", { error: String(error) }),
    );
    ws.on(
      "close",
      (code) =>
        void opened.then((s) => this.closeSession(s, `closed with ${code}`)),
    );
  }

  private async onFrame(
    session: SocketSession,
    data: RawData,
    isBinary: boolean,
  ) {
    if (isBinary)
      return session.rejectUnreadable(
        "binary frames are not read; send JSON text",
      );
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString("utf8")
      : data.toString("utf8");
    await session.receive(text);
  }

  private pingAll() {
    for (const ws of this.wss?.clients ?? []) {
      // No pong since the last ping: the peer is gone without a close.
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }
}

function closeSoon(ws: WebSocket, reason: string) {
  const code = reason.startsWith("slow consumer")
    ? CLOSE_POLICY
    : CLOSE_GOING_AWAY;
  // A close reason may hold at most 123 bytes.
  ws.close(code, Buffer.from(reason).subarray(0, 123).toString());
  setTimeout(() => ws.terminate(), 1000).unref();
}

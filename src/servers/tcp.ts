import { Server as NetServer, Socket, createServer } from "node:net";
import { log } from "actionhero";
import { settings } from "../settings";
import { LineReceiver } from "../protocol/lineReceiver";
import { MAX_MESSAGE_BYTES, encodeError } from "../protocol/wire";
import { SocketServerBase } from "../modules/socketServerBase";
import { SocketSession } from "../modules/socketSession";

/**
 * The raw TCP transport on TCP_PORT: newline-delimited JSON, the same
 * messages as the WebSocket. A connection that sends nothing for
 * TCP_IDLE_MS is closed; a line over 64 KiB is refused and closes it.
 */
export class TcpServer extends SocketServerBase {
  private listener?: NetServer;

  constructor() {
    super("tcp");
  }

  async start() {
    const s = settings();
    if (s.ROLE === "worker") return;
    this.stopping = false;
    this.listener = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.listener!.once("error", reject);
      this.listener!.listen(s.TCP_PORT, s.BIND_HOST, () => resolve());
    });
    this.log("listening", "info", {
      port: this.address()?.port,
      bindIP: s.BIND_HOST,
    });
  }

  async stop() {
    if (!this.listener) return;
    const closed = new Promise<void>((resolve) =>
      this.listener!.close(() => resolve()),
    );
    await this.sendAllAway("shutdown", 2000);
    await closed;
  }

  /** The bound address, for tests that listen on port 0. */
  address() {
    const address = this.listener?.address();
    return typeof address === "object" && address ? address : undefined;
  }

  private accept(socket: Socket) {
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.setTimeout(settings().TCP_IDLE_MS);
    const transport = {
      send: (text: string) => void socket.write(text + "\n"),
      buffered: () => socket.writableLength,
      close: (reason: string) => endSoon(socket, reason),
    };
    const opened = this.openSession(transport, {
      ip: socket.remoteAddress ?? "unknown",
      port: socket.remotePort ?? 0,
    });
    const receiver = new LineReceiver(MAX_MESSAGE_BYTES);
    socket.on(
      "data",
      (chunk) =>
        void opened.then((s) => this.onData(s, socket, receiver, chunk)),
    );
    socket.on("timeout", () => endSoon(socket, "idle"));
    socket.on("error", (error) =>
      log("tcp socket error", "info", { error: String(error) }),
    );
    socket.on(
      "close",
      () => void opened.then((s) => this.closeSession(s, "closed")),
    );
  }

  private async onData(
    session: SocketSession,
    socket: Socket,
    receiver: LineReceiver,
    chunk: Buffer,
  ) {
    for (const result of receiver.push(chunk)) {
      if (result.kind === "tooLong") {
        const message = `message over ${MAX_MESSAGE_BYTES} bytes`;
        socket.write(
          encodeError(undefined, { code: "TOO_LARGE", message }) + "\n",
        );
        endSoon(socket, "message too large");
        return;
      }
      if (result.kind === "invalidUtf8") {
        session.rejectUnreadable("message is not valid UTF-8");
        continue;
      }
      if (result.text.trim().length === 0) continue;
      void session.receive(result.text);
    }
  }
}

function endSoon(socket: Socket, reason: string) {
  socket.end();
  setTimeout(() => socket.destroy(), 1000).unref();
  log("tcp socket ending", "debug", { reason });
}

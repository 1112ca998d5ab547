import { randomUUID } from "node:crypto";
import {
  IncomingMessage,
  Server as NodeHttpServer,
  ServerResponse,
  createServer,
} from "node:http";
import type { Socket } from "node:net";
import path from "node:path";
import { Connection, Server, api } from "actionhero";
import { AppError, WireError, toWireError } from "../errors/appError";
import { ErrorCodes } from "../errors/codes";
import { runAction } from "../modules/actionOutcome";
import { parseJsonObject, readBody } from "../protocol/jsonBody";
import { pathKnown, routeAction } from "../protocol/httpRoutes";
import { serveStatic } from "../modules/staticFiles";

/** How long a stopping server lets requests in flight finish, ms. */
const SHUTDOWN_GRACE_MS = 2000;

/** Pages and their scripts, served to browsers. */
const PUBLIC_DIR = path.join(__dirname, "..", "..", "public");

/** Something that takes over `/ws` upgrades (the websocket server). */
export interface UpgradeHandler {
  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void;
}

/**
 * The HTTP API, static pages and the `/ws` upgrade on one port. Each request
 * becomes a short-lived Actionhero connection whose action runs through the
 * action processor; replies use the contract's JSON and error shapes.
 */
export class HttpServer extends Server {
  declare server?: NodeHttpServer;
  private sockets = new Set<Socket>();

  constructor() {
    super();
    this.type = "http";
    this.attributes = {
      canChat: false,
      logConnections: false,
      logExits: false,
      sendWelcomeMessage: false,
      verbs: [],
    };
  }

  async initialize() {}

  async start() {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on("upgrade", (req, socket: Socket, head) =>
      this.upgrade(req, socket, head),
    );
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.server.on("clientError", (_error, socket) => {
      if (socket.writable)
        socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(this.settings.port, this.settings.bindIP, () =>
        resolve(),
      );
    });
    this.log("listening", "info", {
      port: this.address()?.port,
      bindIP: this.settings.bindIP,
    });
    // For a person starting a node by hand: where to point a browser (not
    // in jest, where in-process nodes would only add noise).
    const host = ["0.0.0.0", "::"].includes(this.settings.bindIP)
      ? "localhost"
      : this.settings.bindIP;
    const url = `http://${host}:${this.address()?.port}`;
    if (process.env.NODE_ENV !== "test")
      console.log(
        `Accrue is serving ${url}/ (game) and ${url}/dashboard (operators)`,
      );
  }

  async stop() {
    if (!this.server) return;
    // Stop listening, but do not wait for `close`: Node counts upgraded
    // WebSocket sockets as this server's connections, and those belong to
    // the ws server, which stops after this one and sends each client a
    // `reconnect` first. Waiting here (or destroying them) would cut
    // WebSocket clients off without it.
    this.server.close();
    const deadline = Date.now() + SHUTDOWN_GRACE_MS;
    while (this.sockets.size > 0 && Date.now() < deadline) {
      this.server.closeIdleConnections();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Requests still in flight have had the shutdown grace to finish.
    this.sockets.forEach((s) => s.destroy());
  }

  /** This server's block of the config (src/config/servers.ts). */
  private get settings(): {
    port: number;
    bindIP: string;
    maxBodyBytes: number;
  } {
    return this.config as {
      port: number;
      bindIP: string;
      maxBodyBytes: number;
    };
  }

  /** The bound address, for tests that listen on port 0. */
  address() {
    const address = this.server?.address();
    return typeof address === "object" && address ? address : undefined;
  }

  // HTTP replies are written by `handle`; Actionhero never pushes to them.
  async sendMessage() {}
  async sendFile() {}
  async goodbye() {}

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer) {
    // From here on the socket is the ws server's, not an HTTP request's.
    this.sockets.delete(socket);
    const pathname = (req.url ?? "").split("?")[0];
    const ws = api.servers.servers.ws as unknown as UpgradeHandler | undefined;
    if (pathname === "/ws" && ws) return ws.handleUpgrade(req, socket, head);
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const action = routeAction(req.method ?? "GET", url.pathname);
      if (action) return await this.handleAction(action, url, req, res);
      if (url.pathname.startsWith("/api/") || url.pathname === "/api") {
        const reason = pathKnown(url.pathname)
          ? `${req.method} is not allowed on`
          : "no route for";
        throw new AppError("NOT_FOUND", `${reason} ${url.pathname}`);
      }
      if (req.method === "GET" || req.method === "HEAD") {
        if (await serveStatic(PUBLIC_DIR, url.pathname, res)) return;
      }
      throw new AppError("NOT_FOUND", `no page at ${url.pathname}`);
    } catch (error) {
      if (!(error instanceof AppError))
        this.log("request failed", "error", { error: String(error) });
      reply(res, ErrorCodes[toWireError(error).code].status, {
        error: toWireError(error),
      });
      // A refused body was not read to its end: close rather than reuse.
      if (error instanceof AppError && error.code === "TOO_LARGE")
        res.on("finish", () => req.destroy());
    }
  }

  private async handleAction(
    action: string,
    url: URL,
    req: IncomingMessage,
    res: ServerResponse,
  ) {
    const params =
      req.method === "GET"
        ? Object.fromEntries(url.searchParams)
        : parseJsonObject(await readBody(req, this.settings.maxBodyBytes));
    const connection = await Connection.createAsync({
      type: this.type,
      id: randomUUID(),
      remotePort: req.socket.remotePort ?? 0,
      remoteIP: req.socket.remoteAddress ?? "unknown",
      rawConnection: { token: bearerToken(req) },
      canChat: false,
    });
    try {
      const outcome = await runAction(connection, action, params);
      if (outcome.ok) reply(res, 200, outcome.data);
      else reply(res, statusOf(outcome.error), { error: outcome.error });
    } finally {
      await connection.destroy();
    }
  }
}

function statusOf(error: WireError): number {
  return ErrorCodes[error.code].status;
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function reply(res: ServerResponse, status: number, body: object) {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(text);
}

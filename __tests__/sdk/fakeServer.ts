import { EventEmitter, once } from "node:events";
import net from "node:net";
import { WebSocket, WebSocketServer } from "ws";

/**
 * A scripted stand-in for an Accrue node, speaking the socket contract over
 * WebSocket (`/ws`) and TCP (newline-delimited JSON) on 127.0.0.1, port 0.
 * Each test scripts the actions it needs with `handle()`, and can push
 * events, send `reconnect`, drop sockets, and write raw TCP bytes.
 */

/** Returned by a handler to leave a request unanswered (for timeouts). */
export const NO_REPLY = Symbol("no reply");

/** Thrown by a handler to answer `{ok: false, error: {code, message}}`. */
export class Refusal extends Error {
  constructor(
    readonly code: string,
    message = code.toLowerCase(),
  ) {
    super(message);
  }
}

/** Answers one action: return the reply's `data`, throw a `Refusal`, or return `NO_REPLY`. */
export type Handler = (
  params: Record<string, unknown>,
  peer: FakePeer,
) => unknown;

/** One request as the server received it. */
export interface RecordedCall {
  id: unknown;
  action: string;
  params: Record<string, unknown>;
  peer: FakePeer;
}

/** The server side of one client connection. */
export class FakePeer {
  constructor(
    readonly kind: "ws" | "tcp",
    private readonly ws?: WebSocket,
    private readonly socket?: net.Socket,
  ) {}

  /** Sends one message the way the transport frames it. */
  send(message: object): void {
    const text = JSON.stringify(message);
    if (this.ws) this.ws.send(text);
    else this.socket?.write(`${text}\n`);
  }

  /** Pushes `{event, data}`. */
  push(event: string, data: unknown): void {
    this.send({ event, data });
  }

  /** Writes raw bytes (TCP only), to split or merge frames at will. */
  writeRaw(chunk: string | Buffer): Promise<void> {
    const socket = this.socket;
    if (!socket) throw new Error("writeRaw is TCP only");

    return new Promise((resolve) => socket.write(chunk, () => resolve()));
  }

  /** Closes the connection cleanly (close frame or FIN). */
  end(): void {
    this.ws?.close(1001);
    this.socket?.end();
  }

  /** Cuts the connection without a close handshake. */
  drop(): void {
    this.ws?.terminate();
    this.socket?.destroy();
  }
}

/** A fake node; see the file comment. */
export class FakeServer extends EventEmitter {
  /** Every request received, in order. */
  readonly calls: RecordedCall[] = [];
  /** Open connections. */
  readonly peers = new Set<FakePeer>();
  /** Connections accepted so far. */
  accepted = 0;
  /** False to stay silent on connect, as a stuck node would. */
  sendWelcome = true;
  private readonly handlers = new Map<string, Handler>();
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    readonly nodeId: string,
    private readonly wss: WebSocketServer,
    private readonly tcp: net.Server,
  ) {
    super();
    wss.on("connection", (ws) => this.acceptWs(ws));
    tcp.on("connection", (socket) => this.acceptTcp(socket));
  }

  /** Starts both listeners on 127.0.0.1, port 0. */
  static async start(nodeId = "node-a"): Promise<FakeServer> {
    const wss = new WebSocketServer({
      host: "127.0.0.1",
      port: 0,
      path: "/ws",
    });
    const tcp = net.createServer();
    tcp.listen(0, "127.0.0.1");
    await Promise.all([once(wss, "listening"), once(tcp, "listening")]);
    return new FakeServer(nodeId, wss, tcp);
  }

  /** The endpoint a client of `kind` connects to. */
  endpoint(kind: "ws" | "tcp"): string {
    if (kind === "ws") {
      const { port } = this.wss.address() as net.AddressInfo;
      return `ws://127.0.0.1:${port}/ws`;
    }
    const { port } = this.tcp.address() as net.AddressInfo;
    return `tcp://127.0.0.1:${port}`;
  }

  /** Scripts the answer to `action`. */
  handle(action: string, handler: Handler): this {
    this.handlers.set(action, handler);
    return this;
  }

  /** The requests received for `action`. */
  callsOf(action: string): RecordedCall[] {
    return this.calls.filter((call) => call.action === action);
  }

  /** Resolves with the next new connection. */
  async nextPeer(): Promise<FakePeer> {
    const [peer] = await once(this, "peer");
    return peer as FakePeer;
  }

  /** Resolves with the only open connection, waiting for one if needed. */
  async onlyPeer(): Promise<FakePeer> {
    const [peer] = [...this.peers];
    return peer ?? this.nextPeer();
  }

  /** Sends every connection `reconnect`, then closes it, like a draining node. */
  drain(reason = "drain"): void {
    for (const peer of this.peers) {
      peer.push("reconnect", { reason });
      peer.end();
    }
  }

  /** Closes the listeners and every connection. */
  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    for (const socket of this.sockets) socket.destroy();
    await Promise.all([
      new Promise((resolve) => this.wss.close(resolve)),
      new Promise((resolve) => this.tcp.close(resolve)),
    ]);
  }

  private acceptWs(ws: WebSocket): void {
    const peer = new FakePeer("ws", ws);
    ws.on("message", (data) => this.receive(peer, String(data)));
    ws.on("close", () => this.peers.delete(peer));
    this.welcome(peer);
  }

  private acceptTcp(socket: net.Socket): void {
    const peer = new FakePeer("tcp", undefined, socket);
    let buffered = "";
    this.sockets.add(socket);
    socket.setEncoding("utf8");
    socket.on("data", (text: string) => {
      const lines = (buffered + text).split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) this.receive(peer, line);
    });
    // The client may reset the socket; that is a normal end here.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      this.sockets.delete(socket);
      this.peers.delete(peer);
    });
    this.welcome(peer);
  }

  private welcome(peer: FakePeer): void {
    this.peers.add(peer);
    this.accepted += 1;
    const connectionId = `${this.nodeId}-${this.accepted}`;
    const data = { connectionId, nodeId: this.nodeId, serverTime: Date.now() };
    if (this.sendWelcome) peer.push("welcome", data);
    this.emit("peer", peer);
  }

  private receive(peer: FakePeer, text: string): void {
    const { id, action, params } = JSON.parse(text);
    const call: RecordedCall = { id, action, params, peer };
    this.calls.push(call);
    this.emit("call", call);
    this.answer(call);
  }

  private answer({ id, action, params, peer }: RecordedCall): void {
    const handler = this.handlers.get(action);
    if (!handler) {
      const error = { code: "NOT_FOUND", message: `unknown action ${action}` };
      peer.send({ id, ok: false, error });
      return;
    }

    try {
      const data = handler(params, peer);
      if (data !== NO_REPLY) peer.send({ id, ok: true, data: data ?? {} });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      peer.send({
        id,
        ok: false,
        error: { code: error.code, message: error.message },
      });
    }
  }
}

/** A player state with defaults, for pushes and replies. */
export function playerState(version: number, balance = 100 * version) {
  return {
    playerId: 7,
    username: "ada",
    balance,
    incomePerSecond: 3,
    version,
    asOf: 1_764_844_800_000 + version,
  };
}

/** The part of an emitter `nextEvent` needs; typed emitters fit it too. */
interface Listenable {
  // `any`: each emitter types its listeners differently; T narrows the value.
  on(event: string, listener: (value: any) => void): unknown;
  off(event: string, listener: (value: any) => void): unknown;
}

/** Resolves with the first argument of `emitter`'s next `event` that passes `test`. */
export function nextEvent<T = unknown>(
  emitter: Listenable,
  event: string,
  test: (value: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const listener = (value: T) => {
      if (!test(value)) return;
      emitter.off(event, listener);
      resolve(value);
    };
    emitter.on(event, listener);
  });
}

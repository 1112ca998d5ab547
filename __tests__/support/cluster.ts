import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Redis from "ioredis";
import { WebSocket } from "ws";
import { Db } from "../../src/store/db";
import { truncateAll } from "./db";
import { call, signupPlayer, sleep } from "./http";
import { NodeProcess, spawnNode } from "./nodeProcess";
import { freePort, redisServerArgs } from "./services";

/**
 * Helpers for the multi-process cluster tests: a run that remembers every
 * node and client it started so `afterAll` can stop them all, raw socket
 * peers that record every event (the SDK hides duplicates on purpose, so
 * counting pushes needs the raw wire), income checks straight from the
 * database, a private Redis that can be restarted, and a TCP proxy that can
 * cut one node off Postgres.
 */

/** Small periods keep the cluster tests in seconds. */
export const TICK_MS = 500;
export const PRESENCE_TTL_MS = 3000;
export const CLUSTER_ENV = {
  TICK_MS: String(TICK_MS),
  PRESENCE_TTL_MS: String(PRESENCE_TTL_MS),
};
export const ADMIN_TOKEN = process.env.ADMIN_TOKEN!;

type Role = "all" | "frontend" | "worker";

const ROOT = path.join(__dirname, "..", "..");

/** Every node and client one test file started, stopped together. */
export class ClusterRun {
  readonly nodes: NodeProcess[] = [];
  private readonly closers: Array<() => unknown> = [];

  private readonly envs = new Map<NodeProcess, Record<string, string>>();

  /** Starts one node with the cluster settings plus `env`. */
  async start(role: Role, env: Record<string, string> = {}) {
    const node = await spawnNode({ role, env: { ...CLUSTER_ENV, ...env } });
    this.nodes.push(node);
    this.envs.set(node, env);
    return node;
  }

  /**
   * Runs the container health check (dist/bin/healthcheck.js) with a
   * node's settings; resolves with its exit code.
   */
  healthcheck(node: NodeProcess): Promise<number | null> {
    const script = path.join(ROOT, "dist", "bin", "healthcheck.js");
    const child = spawn(process.execPath, [script], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        ROLE: node.role,
        NODE_ID: node.nodeId,
        PORT: String(node.port),
        ...CLUSTER_ENV,
        ...this.envs.get(node),
      },
      stdio: "ignore",
    });
    return new Promise((resolve) =>
      child.once("exit", (code) => resolve(code)),
    );
  }

  /** Starts several nodes at the same moment. */
  startAll(roles: Role[], env: Record<string, string> = {}) {
    return Promise.all(roles.map((role) => this.start(role, env)));
  }

  /** Remembers something to close before the nodes stop. */
  track<T extends { close(): unknown }>(thing: T): T {
    this.closers.push(() => thing.close());
    return thing;
  }

  /** Closes every client, then stops every node still running. */
  async stopAll() {
    await Promise.allSettled(this.closers.map(async (close) => close()));
    this.closers.length = 0;
    await Promise.allSettled(
      this.nodes.map((node) => node.stop("SIGTERM", 5000)),
    );
  }
}

/** Empties this jest worker's tables and Redis db before nodes start. */
export async function resetStores(db: Db) {
  await truncateAll(db);
  const redis = new Redis(process.env.REDIS_URL!);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

/** Polls `check` until it returns something truthy, or fails naming `what`. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 5000,
  intervalMs = 20,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`,
      );
    await sleep(intervalMs);
  }
}

/** A raw socket client (WebSocket or TCP) that records every message. */
export interface Peer {
  transport: "ws" | "tcp";
  messages: any[];
  /** Resolves when the socket has closed. */
  closed: Promise<void>;
  /** Sends a request and waits for its reply (`{ok, data|error}`). */
  request(action: string, params?: object, timeoutMs?: number): Promise<any>;
  /** Waits for a message that matches. */
  waitFor(match: (message: any) => boolean, timeoutMs?: number): Promise<any>;
  /** The `state` events received so far. */
  states(): any[];
  close(): void;
}

/** Connects a raw peer to a node and waits for its welcome. */
export async function openPeer(
  node: NodeProcess,
  transport: "ws" | "tcp",
): Promise<Peer> {
  const messages: any[] = [];
  let nextId = 1;
  let write: (text: string) => void;
  let close: () => void;
  let closed: Promise<void>;
  if (transport === "ws") {
    const ws = new WebSocket(node.wsUrl);
    ws.on("message", (data) => messages.push(JSON.parse(String(data))));
    ws.on("error", () => undefined);
    closed = new Promise((resolve) => ws.once("close", () => resolve()));
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    write = (text) => ws.send(text);
    close = () => ws.terminate();
  } else {
    const socket = net.connect(node.tcpPort, "127.0.0.1");
    let buffer = "";
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let newline;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        messages.push(JSON.parse(buffer.slice(0, newline)));
        buffer = buffer.slice(newline + 1);
      }
    });
    socket.on("error", () => undefined);
    closed = new Promise((resolve) => socket.once("close", () => resolve()));
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("error", reject);
    });
    write = (text) => socket.write(text + "\n");
    close = () => socket.destroy();
  }

  const waitForMessage = (match: (m: any) => boolean, timeoutMs = 5000) =>
    waitFor(
      `a matching ${transport} message from ${node.nodeId}`,
      () => messages.find(match),
      timeoutMs,
      5,
    );
  await waitForMessage((m) => m.event === "welcome");
  return {
    transport,
    messages,
    closed,
    request: async (action, params = {}, timeoutMs = 5000) => {
      const id = nextId++;
      write(JSON.stringify({ id, action, params }));
      return waitForMessage((m) => m.id === id, timeoutMs);
    },
    waitFor: waitForMessage,
    states: () =>
      messages.filter((m) => m.event === "state").map((m) => m.data),
    close,
  };
}

/** Opens a peer and signs it in with a token; waits for the first state. */
export async function signedInPeer(
  node: NodeProcess,
  transport: "ws" | "tcp",
  token: string,
): Promise<Peer> {
  const peer = await openPeer(node, transport);
  const reply = await peer.request("authenticate", { token });
  if (!reply.ok)
    throw new Error(`authenticate failed: ${JSON.stringify(reply.error)}`);
  await peer.waitFor((m) => m.event === "state");
  return peer;
}

/** An admin call to a node; throws unless it answers 200. */
export async function admin(
  node: NodeProcess,
  method: string,
  route: string,
  body?: object,
) {
  const reply = await call(node.baseUrl, method, route, {
    token: ADMIN_TOKEN,
    body,
  });
  if (reply.status !== 200)
    throw new Error(
      `${method} ${route} answered ${reply.status}: ${JSON.stringify(reply.body)}`,
    );
  return reply.body;
}

/** Grants money to a player through a node's admin API; returns the state. */
export async function grantVia(
  node: NodeProcess,
  username: string,
  amount: number,
) {
  const body = await admin(node, "POST", "/api/admin/grants", {
    username,
    amount,
    reason: "cluster test",
  });
  return body.state;
}

/**
 * Signs a player up through a node and makes it earn 18 a second (nine
 * units a period), so every tick changes its balance and is pushed.
 * `rateFrom` is the state right after the purchase that set the rate.
 */
export async function signupEarner(node: NodeProcess, username: string) {
  const player = await signupPlayer(node.baseUrl, username);
  await grantVia(node, username, 800);
  const bought = await call(node.baseUrl, "POST", "/api/purchases", {
    token: player.token,
    body: { itemId: 2, quantity: 2 },
  });
  expect(bought.status).toBe(200);
  return { ...player, rateFrom: bought.body.state };
}

/**
 * Inserts `count` earning players in one statement, all accrued from the
 * same database instant; returns that instant (ms), the income start.
 */
export async function insertEarners(
  db: Db,
  count: number,
  prefix: string,
): Promise<number> {
  const result = await db.query<{ t0: string }>(
    `WITH t AS (SELECT accrue_now_ms() AS t0)
     INSERT INTO players (username, password_hash, income_per_second, accrued_ms)
     SELECT $2::text || n, 'x', 1 + n % 7, t.t0 FROM t, generate_series(1, $1) n
     RETURNING (SELECT t0 FROM t) AS t0`,
    [count, prefix],
  );
  return Number(result.rows[0].t0);
}

/**
 * Players whose income since `fromMs` is off by more than one unit:
 * (balance − ledger sum) against floor(rate × (asOf − fromMs) / 1000).
 * Only for players whose rate never changed since `fromMs`.
 */
export async function incomeErrors(db: Db, fromMs: number, prefix: string) {
  const result = await db.query<{
    id: string;
    income: string;
    owed: string;
  }>(
    `SELECT p.id, p.balance - coalesce(l.total, 0) AS income,
            floor(p.income_per_second::numeric * (p.accrued_ms - $1) / 1000) AS owed
       FROM players p
       LEFT JOIN (SELECT player_id, sum(amount) AS total FROM ledger_entries GROUP BY player_id) l
         ON l.player_id = p.id
      WHERE p.username LIKE $2::text || '%'
        AND abs(p.balance - coalesce(l.total, 0)
                - floor(p.income_per_second::numeric * (p.accrued_ms - $1) / 1000)) > 1`,
    [fromMs, prefix],
  );
  return result.rows;
}

/** Tick rows in due order, with start times in ms. */
export async function tickRows(db: Db, sinceDueMs = 0) {
  const result = await db.query<{
    due_ms: string;
    started_ms: string;
    finished: boolean;
    attempts: number;
    node_id: string;
  }>(
    `SELECT due_ms, floor(extract(epoch FROM started_at) * 1000) AS started_ms,
            finished_at IS NOT NULL AS finished, attempts, node_id
       FROM ticks WHERE due_ms >= $1 ORDER BY due_ms`,
    [sinceDueMs],
  );
  return result.rows.map((row) => ({
    dueMs: Number(row.due_ms),
    startedMs: Number(row.started_ms),
    finished: row.finished,
    attempts: row.attempts,
    nodeId: row.node_id,
  }));
}

/** The longest time between consecutive tick starts, ms. */
export function longestTickGap(rows: Array<{ startedMs: number }>): number {
  let longest = 0;
  for (let i = 1; i < rows.length; i++)
    longest = Math.max(longest, rows[i].startedMs - rows[i - 1].startedMs);
  return longest;
}

/** The database clock now, ms (the clock income is measured by). */
export async function dbNowMs(db: Db): Promise<number> {
  const result = await db.query<{ now: string }>(
    "SELECT accrue_now_ms() AS now",
  );
  return Number(result.rows[0].now);
}

/**
 * A redis-server of its own on a free port, in a temporary folder, with
 * nothing saved to disk, that a test may shut down and start again.
 */
export class PrivateRedis {
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), "accrue-redis-"));
  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.up();
    return redis;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  /** Starts redis-server on this port; waits until it answers. */
  async up() {
    execFileSync("redis-server", redisServerArgs(this.port, this.dir));
    await waitFor("private redis to answer", () => this.answers(), 5000, 20);
  }

  /** Shuts it down (its data is gone); waits until the port is closed. */
  async down() {
    spawnSync("redis-cli", ["-p", String(this.port), "shutdown", "nosave"]);
    await waitFor("private redis to stop", async () => !(await this.answers()));
  }

  /** Stops it for good and removes its folder. */
  async close() {
    if (await this.answers()) await this.down();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private answers(): boolean {
    const ping = spawnSync("redis-cli", ["-p", String(this.port), "ping"], {
      encoding: "utf8",
    });
    return ping.stdout.trim() === "PONG";
  }
}

/**
 * A TCP proxy on a free port that forwards to a target; `cut()` drops every
 * connection and refuses new ones until `restore()`, as if the network
 * between one node and the target went away.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }) {
    const proxy = new TcpProxy(await freePort(), target);
    await proxy.restore();
    return proxy;
  }

  /** Starts forwarding (again). */
  async restore() {
    this.server = net.createServer((client) => this.forward(client));
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(this.port, "127.0.0.1", () => resolve());
    });
  }

  /** Drops every forwarded connection and stops listening. */
  async cut() {
    const closed = new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    this.server = undefined;
    this.sockets.forEach((socket) => socket.destroy());
    this.sockets.clear();
    await closed;
  }

  close() {
    return this.cut();
  }

  private forward(client: net.Socket) {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ]) {
      this.sockets.add(a);
      a.on("error", () => b.destroy());
      a.on("close", () => {
        this.sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  }
}

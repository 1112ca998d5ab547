import { ChildProcess, spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { openTestDb, openTestRedis, truncateAll } from "./db";
import { freePort } from "./services";

/** A real Accrue node running as a child process (`node dist/server.js`). */
export interface NodeProcess {
  nodeId: string;
  role: string;
  port: number;
  tcpPort: number;
  baseUrl: string;
  wsUrl: string;
  child: ChildProcess;
  /** Everything the node printed, for failure messages. */
  output(): string;
  /** Sends a signal and waits for the exit code (null when killed). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

const SERVER = path.join(__dirname, "..", "..", "dist", "server.js");

/**
 * Starts a node on free ports against this jest worker's Postgres and
 * Redis, and waits until `/api/status` answers (workers: their heartbeat).
 */
export async function spawnNode(
  options: {
    role?: "all" | "frontend" | "worker";
    nodeId?: string;
    env?: Record<string, string>;
  } = {},
): Promise<NodeProcess> {
  const role = options.role ?? "all";
  const port = await freePort();
  const tcpPort = await freePort();
  const nodeId = options.nodeId ?? `${role}-${port}`;
  const child = spawn(process.execPath, [SERVER], {
    env: {
      ...process.env,
      // ts-jest marks its environment; the child runs compiled JS.
      TS_JEST: "",
      ACTIONHERO_TYPESCRIPT_MODE: "false",
      NODE_ENV: "production",
      ROLE: role,
      NODE_ID: nodeId,
      PORT: String(port),
      TCP_PORT: String(tcpPort),
      BIND_HOST: "127.0.0.1",
      LOG_LEVEL: process.env.NODE_LOG_LEVEL ?? "notice",
      DATA_DIR: path.join(os.tmpdir(), `accrue-node-${nodeId}`),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (chunk) => (log = (log + chunk).slice(-100_000)));
  child.stderr!.on("data", (chunk) => (log = (log + chunk).slice(-100_000)));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );

  const node: NodeProcess = {
    nodeId,
    role,
    port,
    tcpPort,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    child,
    output: () => log,
    stop: async (signal = "SIGTERM", timeoutMs = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null)
        return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  await waitUntilReady(node, exited);
  return node;
}

async function waitUntilReady(
  node: NodeProcess,
  exited: Promise<number | null>,
) {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (gone)
      throw new Error(
        `node ${node.nodeId} exited during start:\n${node.output()}`,
      );
    if (
      node.role === "worker"
        ? /accrue Started/.test(node.output())
        : await statusOk(node.baseUrl)
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await node.stop("SIGKILL");
  throw new Error(
    `node ${node.nodeId} did not start in 60 s:\n${node.output()}`,
  );
}

async function statusOk(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/api/status`);
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * Empties this worker's database and Redis db, then spawns a node: what a
 * test file that owns one node does in `beforeAll`. Emptying Redis matters:
 * a node an earlier file killed may still hold the tick lease there.
 */
export async function spawnFreshNode(
  options: Parameters<typeof spawnNode>[0] = {},
): Promise<NodeProcess> {
  const db = await openTestDb();
  try {
    await truncateAll(db);
  } finally {
    await db.close();
  }
  await (await openTestRedis()).quit();
  return spawnNode(options);
}

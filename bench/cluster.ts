import { ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A cluster of real Accrue nodes (`node dist/server.js`) on free loopback
 * ports. Every child is remembered in `started` so that run.ts can kill
 * whatever is left on any exit path, Ctrl-C included.
 */
export interface BenchNode {
  nodeId: string;
  role: "frontend" | "worker";
  pid: number;
  port: number;
  tcpPort: number;
  baseUrl: string;
  wsUrl: string;
  tcpUrl: string;
  child: ChildProcess;
  /** The last 50 kB the node printed, for failure messages. */
  output(): string;
}

export interface ClusterSpec {
  runId: string;
  /** Label in node ids, e.g. the push mode. */
  label: string;
  frontends: number;
  workers: number;
  /** Environment every node gets (DATABASE_URL, REDIS_URL, TICK_MS, ...). */
  env: Record<string, string>;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs: string[];
}

export interface Cluster {
  frontends: BenchNode[];
  workers: BenchNode[];
  all: BenchNode[];
  /** Starts `spec.workers` workers and waits until they run. */
  addWorkers(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once all exited. */
  stop(graceMs?: number): Promise<void>;
}

const SERVER = path.join(__dirname, "..", "..", "dist", "server.js");
const START_TIMEOUT_MS = 90_000;

/** Every node child process this process started and not yet seen exit. */
export const started = new Set<ChildProcess>();

/**
 * Starts the front-ends in parallel and waits until each is ready. Workers
 * come later with `addWorkers`, so that clients can connect before any
 * tick runs (the naive broadcast path would otherwise starve the sign-ins).
 */
export async function startCluster(spec: ClusterSpec): Promise<Cluster> {
  const frontends = await startNodes(spec, "frontend", spec.frontends, 0);
  const workers: BenchNode[] = [];
  const all = [...frontends];
  return {
    frontends,
    workers,
    all,
    addWorkers: async () => {
      const added = await startNodes(spec, "worker", spec.workers, all.length);
      workers.push(...added);
      all.push(...added);
    },
    stop: (graceMs = 15_000) => stopNodes(all, graceMs),
  };
}

async function startNodes(
  spec: ClusterSpec,
  role: BenchNode["role"],
  count: number,
  numbered: number,
): Promise<BenchNode[]> {
  const nodes: BenchNode[] = [];
  for (let i = 1; i <= count; i++)
    nodes.push(await spawnNode(spec, role, numbered + i));
  try {
    await Promise.all(nodes.map(waitUntilReady));
  } catch (error) {
    await stopNodes(nodes, 2000);
    throw error;
  }
  return nodes;
}

/** Kills every node still running, at once (for exit handlers). */
export function killAllNodes(): void {
  for (const child of started) child.kill("SIGKILL");
}

async function spawnNode(
  spec: ClusterSpec,
  role: "frontend" | "worker",
  n: number,
): Promise<BenchNode> {
  const port = await freePort();
  const tcpPort = await freePort();
  const nodeId = `bench-${spec.label}-${role}${n}-${spec.runId}`;
  const child = spawn(process.execPath, [...spec.nodeArgs, SERVER], {
    cwd: path.join(__dirname, "..", ".."),
    env: {
      ...process.env,
      ...spec.env,
      ROLE: role,
      NODE_ID: nodeId,
      PORT: String(port),
      TCP_PORT: String(tcpPort),
      BIND_HOST: "127.0.0.1",
      NODE_ENV: "production",
      DATA_DIR: path.join(os.tmpdir(), `accrue-bench-${nodeId}`),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.add(child);
  child.once("exit", () => started.delete(child));
  let log = "";
  const keep = (chunk: Buffer) =>
    (log = (log + chunk.toString()).slice(-50_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return {
    nodeId,
    role,
    pid: child.pid!,
    port,
    tcpPort,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    tcpUrl: `tcp://127.0.0.1:${tcpPort}`,
    child,
    output: () => log,
  };
}

async function waitUntilReady(node: BenchNode): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (node.child.exitCode !== null || node.child.signalCode !== null)
      throw new Error(
        `node ${node.nodeId} exited during start:\n${node.output()}`,
      );
    const ready =
      node.role === "worker"
        ? /accrue Started/.test(node.output())
        : await statusOk(node.baseUrl);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `node ${node.nodeId} did not start in ${START_TIMEOUT_MS / 1000} s:\n${node.output()}`,
  );
}

async function stopNodes(nodes: BenchNode[], graceMs: number): Promise<void> {
  await Promise.all(
    nodes.map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    }),
  );
}

async function statusOk(baseUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseUrl}/api/status`, {
      signal: AbortSignal.timeout(2000),
    });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** A port the OS says is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

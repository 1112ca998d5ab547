import { randomBytes } from "node:crypto";
import type Redis from "ioredis";
import { Db } from "../src/store/db";
import { Cluster, startCluster } from "./cluster";
import { measureHttp } from "./httpLoad";
import { LoadGenerator } from "./loadgen";
import { log, sleep } from "./log";
import { mainPhase } from "./mainPhase";
import { MemoryProbe } from "./memory";
import type { BenchOptions } from "./options";
import type { Population } from "./population";
import { sampleProc } from "./procStats";
import { Background, measurePushPhase } from "./pushModes";
import { progress } from "./seed";
import { settledBetween } from "./ticks";

/**
 * The two cluster runs of a bench: PUSH_MODE=targeted (ramp, main phase,
 * push phase, push checks, HTTP) and PUSH_MODE=broadcast (ramp, push phase).
 * Each starts its own nodes and always stops them.
 */
export interface ClusterRunContext {
  options: BenchOptions;
  runId: string;
  urls: { db: string; redis: string };
  db: Db;
  redis: Redis;
  population: Population;
  background: Background;
  /** Connections that buy and trade in the main phase. */
  active: number;
  redisPid: number;
}

/** Phases 3 to 5: the targeted cluster and everything measured on it. */
export async function runTargetedCluster(ctx: ClusterRunContext) {
  const { options, db, redis } = ctx;
  const env = nodeEnvironment(ctx)("targeted");
  return withCluster(ctx, "targeted", env, async (cluster) => {
    const { loadgen, ramp, memory } = await connectClients(
      options,
      ctx.population,
      cluster,
      ctx.active,
    );
    try {
      await startTicking(cluster);
      loadgen.mark();
      const main = await mainPhase(
        options,
        cluster,
        loadgen,
        db,
        redis,
        ctx.redisPid,
      );
      await sleep(2000);
      log("push path: targeted phase (idle connections)");
      const phase = await measurePushPhase(
        "targeted",
        options.pushPhaseS,
        cluster.all,
        redis,
        () => loadgen.seconds,
        ctx.background,
        (from, to) => settledBetween(db, from, to),
      );
      const finished = await loadgen.finish();
      const http = await measureHttp(
        cluster.frontends[0].baseUrl,
        ctx.population.http,
        options.httpSeconds,
      );
      return { ramp, memory, main, phase, finished, http };
    } finally {
      await loadgen.close();
    }
  });
}

/** Phase 6: the broadcast cluster's push phase with the same connections. */
export async function runBroadcastCluster(ctx: ClusterRunContext) {
  const { options, db, redis } = ctx;
  const env = nodeEnvironment(ctx)("broadcast");
  return withCluster(ctx, "broadcast", env, async (cluster) => {
    const { loadgen } = await connectClients(
      options,
      ctx.population,
      cluster,
      0,
    );
    try {
      await startTicking(cluster);
      log("push path: broadcast phase (idle connections)");
      return await measurePushPhase(
        "broadcast",
        options.pushPhaseS,
        cluster.all,
        redis,
        () => loadgen.seconds,
        ctx.background,
        (from, to) => settledBetween(db, from, to),
      );
    } finally {
      await loadgen.close();
    }
  });
}

/** The environment every node of a cluster gets, by push mode. */
function nodeEnvironment({ options, runId, urls }: ClusterRunContext) {
  const adminToken = randomBytes(24).toString("base64url");
  return (mode: "targeted" | "broadcast"): Record<string, string> => ({
    DATABASE_URL: urls.db,
    REDIS_URL: urls.redis,
    TICK_MS: String(options.tickMs),
    ADMIN_TOKEN: adminToken,
    LOG_LEVEL: "notice",
    PUSH_MODE: mode,
    // Pub/sub channels ignore Redis's db number: a channel of this run's
    // own keeps Actionhero's cluster messages (and so every broadcast push)
    // away from any other Accrue process using the same Redis server.
    ACTIONHERO_CONFIG_OVERRIDES: JSON.stringify({
      general: { channel: `accrue-bench:${runId}:cluster` },
    }),
  });
}

/** Starts a cluster, runs `work` with it, and always stops it. */
async function withCluster<T>(
  { options, runId }: ClusterRunContext,
  label: "targeted" | "broadcast",
  env: Record<string, string>,
  work: (cluster: Cluster) => Promise<T>,
): Promise<T> {
  log(
    `cluster (${label}): starting ${options.frontends} front-end(s) and ${options.workers} worker(s) ...`,
  );
  const cluster = await startCluster({
    runId,
    label,
    frontends: options.frontends,
    workers: options.workers,
    env,
    nodeArgs: options.nodeArgs,
  });
  log(
    `cluster (${label}): front-ends ready (${cluster.all.map((n) => `${n.nodeId} pid ${n.pid}`).join(", ")})`,
  );
  try {
    return await work(cluster);
  } finally {
    await cluster.stop();
    log(`cluster (${label}): stopped`);
  }
}

/** Starts the workers, so ticks begin, and lets two ticks pass. */
async function startTicking(cluster: Cluster): Promise<void> {
  await cluster.addWorkers();
  log(
    `workers: ${cluster.workers.map((n) => `${n.nodeId} pid ${n.pid}`).join(", ")}; ticks start`,
  );
  await sleep(2000);
}

/** Opens every connection with progress; measures front-end memory around it. */
async function connectClients(
  options: BenchOptions,
  population: Population,
  cluster: Cluster,
  active: number,
) {
  const perNode = cluster.frontends.map(
    (_, i) =>
      population.socket.filter((_, c) => c % cluster.frontends.length === i)
        .length,
  );
  const memory = new MemoryProbe(cluster.frontends, perNode);
  await sleep(1000);
  await memory.start();
  const loadgen = new LoadGenerator(population.socket, cluster.frontends, {
    processes: options.loadgens,
    active,
    tickMs: options.tickMs,
  });

  const cpuBefore = cluster.frontends.map((n) => sampleProc(n.pid)?.cpuMs ?? 0);
  const rampStart = Date.now();
  const opened = await loadgen.connect(
    options.rampPerSecond,
    (open, failed, total) => {
      memory.progress(open, total);
      progress("connecting     ", open + failed, total);
    },
  );
  const rampSeconds = (Date.now() - rampStart) / 1000;
  const rampCpuMs = cluster.frontends.reduce(
    (sum, n, i) => sum + (sampleProc(n.pid)?.cpuMs ?? 0) - cpuBefore[i],
    0,
  );
  progress("connecting     ", opened.open + opened.failed, options.connections);
  const errors = opened.errors.length
    ? `; errors: ${opened.errors.join("; ")}`
    : "";
  log(
    `connections: ${opened.open} open, ${opened.failed} failed in ${rampSeconds.toFixed(1)} s${errors}`,
  );

  await sleep(1500);
  return {
    loadgen,
    ramp: {
      rampSeconds,
      signInsPerSecond: Math.round(opened.open / rampSeconds),
      frontendCpuMsPerSignIn:
        Math.round((rampCpuMs / Math.max(1, opened.open)) * 100) / 100,
      connected: opened.open,
      failed: opened.failed,
      connectErrors: opened.errors,
    },
    memory: await memory.finish(),
  };
}

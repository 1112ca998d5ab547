import type Redis from "ioredis";
import { Db } from "../src/store/db";
import type { Cluster } from "./cluster";
import { LoadGenerator, sumActions } from "./loadgen";
import { sleep } from "./log";
import type { BenchOptions } from "./options";
import { ProcSample, cpuShare, sampleProc } from "./procStats";
import { readRedisCounters, redisRates } from "./redisStats";
import { Histogram, mergeHistogram, summarizeHistogram } from "./stats";
import { lastTickDuration } from "./ticks";

/** What the main phase measured; see `mainPhase`. */
export type MainPhase = Awaited<ReturnType<typeof mainPhase>>;

/** The main phase: active load on for D seconds with a live progress line. */
export async function mainPhase(
  options: BenchOptions,
  cluster: Cluster,
  loadgen: LoadGenerator,
  db: Db,
  redis: Redis,
  redisPid: number,
) {
  const processes = await processesToWatch(cluster, loadgen, db, redisPid);
  const cpu0 = processes.map((p) => sampleProc(p.pid));
  const redis0 = await readRedisCounters(redis);
  const start = Date.now();
  loadgen.setActive(true, options.actionsPerSecond, options.players);
  for (let s = 1; s <= options.durationS; s++) {
    await sleep(start + s * 1000 - Date.now());
    const recent = loadgen.seconds.filter((r) => r.at > Date.now() - 1000);
    const pushes = recent.reduce((n, r) => n + r.pushes, 0);
    const tick = await lastTickDuration(db);
    const line = `main phase ${s}/${options.durationS} s | connections ${loadgen.open} | pushes/s ${pushes} | last tick ${tick ?? "-"} ms`;
    // On a terminal the line is rewritten in place; in a log, every 5 s.
    if (process.stderr.isTTY) process.stderr.write(`\r${line}    `);
    else if (s % 5 === 0 || s === options.durationS)
      process.stderr.write(`${line}\n`);
  }
  if (process.stderr.isTTY) process.stderr.write("\n");
  loadgen.setActive(false, options.actionsPerSecond, options.players);
  const end = Date.now();
  const redis1 = await readRedisCounters(redis);
  const cpu = processes.map((p, i) => ({
    ...p,
    coreShare: share(cpu0[i], sampleProc(p.pid)),
  }));

  const inWindow = loadgen.seconds.filter(
    (r) => r.at > start + 1000 && r.at <= end,
  );
  const latency: Histogram = new Map();
  for (const r of inWindow) mergeHistogram(latency, r.latency);
  const perSecond = bySecond(inWindow, start);
  const actions = sumActions(inWindow.map((r) => r.actions));
  return {
    start,
    end,
    latency,
    redis: redisRates(redis0, redis1),
    cpu: sumByProcess(cpu),
    pushesPerSecond: perSecond.map((x) => x.pushes),
    latencySeries: perSecond,
    actionsPerSecond: actions.ok / ((end - start) / 1000),
  };
}

/** Processes whose CPU is reported: nodes, load generators, the bench, Redis, Postgres backends. */
async function processesToWatch(
  cluster: Cluster,
  loadgen: LoadGenerator,
  db: Db,
  redisPid: number,
) {
  const backends = await db.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()",
  );
  return [
    ...cluster.all.map((n) => ({ process: n.nodeId, pid: n.pid })),
    ...loadgen.pids.map((pid, i) => ({ process: `loadgen ${i + 1}`, pid })),
    { process: "bench (this process)", pid: process.pid },
    { process: "redis-server (whole server, shared)", pid: redisPid },
    ...backends.rows.map((b) => ({
      process: "postgres backends of accrue_bench (sum)",
      pid: b.pid,
    })),
  ];
}

/** CPU shares summed by process name (Postgres backends are many). */
function sumByProcess(
  list: { process: string; pid: number; coreShare: number }[],
) {
  const byName = new Map<
    string,
    { process: string; pid: number; coreShare: number }
  >();
  for (const c of list) {
    // A Postgres backend that closed during the phase has no end sample.
    const value = Number.isFinite(c.coreShare) ? c.coreShare : 0;
    const seen = byName.get(c.process);
    if (seen) seen.coreShare += value;
    else byName.set(c.process, { ...c, coreShare: value });
  }
  return [...byName.values()].map((c) => ({
    ...c,
    coreShare: Math.round(c.coreShare * 1000) / 1000,
  }));
}

/** Per-second figures (all load generators together) for the chart. */
function bySecond(
  reports: { at: number; pushes: number; latency: [number, number][] }[],
  start: number,
) {
  const seconds = new Map<number, { pushes: number; latency: Histogram }>();
  for (const r of reports) {
    const t = Math.ceil((r.at - start) / 1000);
    const entry = seconds.get(t) ?? { pushes: 0, latency: new Map() };
    entry.pushes += r.pushes;
    mergeHistogram(entry.latency, r.latency);
    seconds.set(t, entry);
  }
  return [...seconds]
    .sort((a, b) => a[0] - b[0])
    .map(([t, e]) => ({
      t,
      pushes: e.pushes,
      latency: summarizeHistogram(e.latency),
    }));
}

function share(a: ProcSample | undefined, b: ProcSample | undefined): number {
  return a && b ? cpuShare(a, b) : NaN;
}

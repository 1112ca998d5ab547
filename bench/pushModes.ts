import type Redis from "ioredis";
import type { BenchNode } from "./cluster";
import type { SecondReport } from "./loadgenProtocol";
import { sampleProc } from "./procStats";
import { readRedisCounters, redisRates } from "./redisStats";
import {
  Histogram,
  Summary,
  mergeHistogram,
  rounded,
  summarizeHistogram,
} from "./stats";

/**
 * One push-path phase: idle connections only, so every push comes from the
 * tick, measured for `seconds` in one PUSH_MODE. Costs are normalised per
 * 10,000 pushes received by clients, which keeps the two modes comparable
 * even when one of them falls behind.
 */
export interface PushPhase {
  mode: "targeted" | "broadcast";
  seconds: number;
  /** State pushes the clients received. */
  pushes: number;
  pushesPerSecond: number;
  /** Push latency in this phase, ms: shows whether the path keeps up. */
  latencyMs: Summary;
  /** Redis PUBLISH calls (INFO commandstats), less the background rate. */
  publishCalls: number;
  /** Redis network bytes in and out (INFO stats), less the background rate. */
  redisInBytes: number;
  redisOutBytes: number;
  /** CPU of all cluster nodes together, ms. */
  nodeCpuMs: number;
  /** States the ticks settled in the phase: the pushes due, whatever was delivered. */
  statesSettled: number;
  /** Costs per 10,000 pushes received by clients. */
  per10kPushes: PerTenThousand;
  /** Costs per 10,000 states settled: fair when a path falls behind. */
  per10kStates: PerTenThousand;
}

/** Redis messages, Redis bytes and node CPU (ms) per 10,000 of something. */
export interface PerTenThousand {
  redisMessages: number;
  redisInBytes: number;
  redisOutBytes: number;
  nodeCpuMs: number;
}

/** Redis counter rates measured with nothing of the bench running. */
export interface Background {
  publishPerSecond: number;
  inBytesPerSecond: number;
  outBytesPerSecond: number;
}

/** Measures one phase; `seconds()` are the load generator's reports. */
export async function measurePushPhase(
  mode: PushPhase["mode"],
  seconds: number,
  nodes: BenchNode[],
  redis: Redis,
  reports: () => SecondReport[],
  background: Background,
  settledBetween: (fromMs: number, toMs: number) => Promise<number>,
): Promise<PushPhase> {
  const cpu0 = nodes.map((n) => sampleProc(n.pid)?.cpuMs ?? 0);
  const redis0 = await readRedisCounters(redis);
  const start = Date.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const end = Date.now();
  const redis1 = await readRedisCounters(redis);
  const cpu1 = nodes.map((n) => sampleProc(n.pid)?.cpuMs ?? 0);

  const rates = redisRates(redis0, redis1);
  const inWindow = reports().filter((r) => r.at > start && r.at <= end);
  const pushes = inWindow.reduce((n, r) => n + r.pushes, 0);
  const latency: Histogram = new Map();
  for (const r of inWindow) mergeHistogram(latency, r.latency);
  const net = (perSecond: number, bg: number) =>
    Math.max(0, (perSecond - bg) * rates.seconds);
  const publishCalls = net(rates.publishPerSecond, background.publishPerSecond);
  const redisInBytes = net(rates.inBytesPerSecond, background.inBytesPerSecond);
  const redisOutBytes = net(
    rates.outBytesPerSecond,
    background.outBytesPerSecond,
  );
  const nodeCpuMs = cpu1.reduce((s, c, i) => s + c - cpu0[i], 0);
  const statesSettled = await settledBetween(start, end);
  const per = (n: number): PerTenThousand => ({
    redisMessages: (publishCalls * 10_000) / n,
    redisInBytes: (redisInBytes * 10_000) / n,
    redisOutBytes: (redisOutBytes * 10_000) / n,
    nodeCpuMs: (nodeCpuMs * 10_000) / n,
  });
  return {
    mode,
    seconds: rates.seconds,
    pushes,
    pushesPerSecond: pushes / rates.seconds,
    latencyMs: rounded(summarizeHistogram(latency)),
    publishCalls,
    redisInBytes,
    redisOutBytes,
    nodeCpuMs,
    statesSettled,
    per10kPushes: per(pushes),
    per10kStates: per(statesSettled),
  };
}

/** Background Redis rates over `seconds`, before the cluster starts. */
export async function measureBackground(
  redis: Redis,
  seconds: number,
): Promise<Background> {
  const a = await readRedisCounters(redis);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const b = await readRedisCounters(redis);
  const rates = redisRates(a, b);
  return {
    publishPerSecond: rates.publishPerSecond,
    inBytesPerSecond: rates.inBytesPerSecond,
    outBytesPerSecond: rates.outBytesPerSecond,
  };
}

import { parseSettings } from "../src/settings";
import type { PublishBaseline, SettleBaseline } from "./baselines";
import type { ChartData } from "./chart";
import type { runTargetedCluster } from "./clusterPhases";
import type { MachineInfo } from "./machine";
import type { MainPhase } from "./mainPhase";
import type { MoneyCheck } from "./moneyCheck";
import type { BenchOptions } from "./options";
import type { Background, PushPhase } from "./pushModes";
import { Results, evaluateTargets } from "./report";
import { displayUrl } from "./services";
import { rounded, summarize, summarizeHistogram } from "./stats";
import type { TickFigures } from "./ticks";

/** Everything a run measured, as the phases returned it. */
export interface Measured {
  options: BenchOptions;
  urls: { db: string; redis: string };
  started: number;
  machine: MachineInfo;
  seedSeconds: number;
  background: Background;
  targeted: Awaited<ReturnType<typeof runTargetedCluster>>;
  broadcast: PushPhase;
  money: MoneyCheck;
  settle: SettleBaseline;
  publish: PublishBaseline;
  ticks: TickFigures;
}

/** Turns what was measured into the results file's shape and the chart's data. */
export function assembleResults(m: Measured): {
  results: Results;
  chart: ChartData;
} {
  const { options, targeted } = m;
  const { series, ...tickFigures } = m.ticks;
  const clusterPublishPerSecond =
    targeted.main.redis.publishPerSecond - m.background.publishPerSecond;
  const { databaseUrl: _db, redisUrl: _redis, ...shown } = options;
  const partial: Omit<Results, "targets"> = {
    startedAt: new Date(m.started).toISOString(),
    mode: options.mode,
    totalSeconds: (Date.now() - m.started) / 1000,
    settings: {
      ...shown,
      database: displayUrl(m.urls.db),
      redis: displayUrl(m.urls.redis),
      nodes: nodeSettings,
    },
    machine: m.machine,
    setup: { seedSeconds: m.seedSeconds, ...targeted.ramp },
    ticks: roundTicks(tickFigures),
    pushLatencyMs: rounded(summarizeHistogram(targeted.main.latency)),
    pushesPerSecond: rounded(summarize(targeted.main.pushesPerSecond)),
    pushChecks: targeted.finished.checks,
    actions: {
      ...targeted.finished.actions,
      perSecond: targeted.main.actionsPerSecond,
    },
    http: targeted.http,
    memory: targeted.memory,
    cpu: targeted.main.cpu,
    money: m.money,
    baselines: {
      settle: m.settle,
      publish: {
        ...m.publish,
        clusterPublishPerSecond,
        clusterShareOfCeiling: clusterPublishPerSecond / m.publish.perSecond,
      },
      pushPaths: {
        background: m.background,
        targeted: targeted.phase,
        broadcast: m.broadcast,
        ratios: pushPathRatios(targeted.phase, m.broadcast),
      },
    },
  };
  const results: Results = {
    ...partial,
    targets: evaluateTargets(partial, options.tickMs),
  };
  return { results, chart: chartData(options, targeted.main, series) };
}

/**
 * The tick settings the nodes run with: defaults, or what the bench's own
 * environment sets (it is passed on to every node).
 */
export const nodeSettings = (() => {
  const env = process.env;
  const s = parseSettings({
    TICK_BATCH_SIZE: env.TICK_BATCH_SIZE,
    OFFLINE_SETTLE_TICKS: env.OFFLINE_SETTLE_TICKS,
    PRESENCE_TTL_MS: env.PRESENCE_TTL_MS,
  });
  return {
    TICK_BATCH_SIZE: s.TICK_BATCH_SIZE,
    OFFLINE_SETTLE_TICKS: s.OFFLINE_SETTLE_TICKS,
    PRESENCE_TTL_MS: s.PRESENCE_TTL_MS,
  };
})();

/** Broadcast over targeted, per 10,000 pushes received and per 10,000 states settled. */
function pushPathRatios(
  targeted: PushPhase,
  broadcast: PushPhase,
): Record<string, number> {
  const ratios: Record<string, number> = {};
  for (const basis of ["per10kPushes", "per10kStates"] as const) {
    const t = targeted[basis];
    const b = broadcast[basis];
    ratios[`${basis}.redisMessages`] = b.redisMessages / t.redisMessages;
    ratios[`${basis}.redisBytes`] =
      (b.redisInBytes + b.redisOutBytes) / (t.redisInBytes + t.redisOutBytes);
    ratios[`${basis}.nodeCpu`] = b.nodeCpuMs / t.nodeCpuMs;
  }
  return ratios;
}

function chartData(
  options: BenchOptions,
  main: MainPhase,
  series: { at: number; periodMs: number }[],
): ChartData {
  return {
    title: `Accrue ${options.mode} run: ${options.players} players, ${options.connections} connections, TICK_MS=${options.tickMs}`,
    tickMs: options.tickMs,
    periods: series.map((p) => ({
      t: (p.at - main.start) / 1000,
      value: p.periodMs,
    })),
    latency: main.latencySeries
      .filter((s) => s.latency.n > 0)
      .map((s) => ({
        t: s.t,
        median: s.latency.median,
        p99: s.latency.p99,
        max: s.latency.max,
      })),
    durationS: options.durationS,
  };
}

/** Rounds a tick figures object for the results file. */
function roundTicks<T extends Record<string, unknown>>(figures: T): T {
  return Object.fromEntries(
    Object.entries(figures).map(([k, v]) => [
      k,
      typeof v === "object" && v && "median" in v
        ? rounded(v as never)
        : typeof v === "number"
          ? Math.round(v)
          : v,
    ]),
  ) as T;
}

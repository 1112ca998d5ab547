import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PublishBaseline, SettleBaseline } from "./baselines";
import { ChartData, drawChart } from "./chart";
import type { HttpFigures } from "./httpLoad";
import type { ActionCounts, PushChecks } from "./loadgenProtocol";
import type { MachineInfo } from "./machine";
import type { NodeMemory } from "./memory";
import type { MoneyCheck } from "./moneyCheck";
import type { BenchOptions } from "./options";
import type { Background, PerTenThousand, PushPhase } from "./pushModes";
import type { Summary } from "./stats";
import type { TickFigures } from "./ticks";

/** Every figure of one run, as written to `<date>-<mode>.json`. */
export interface Results {
  startedAt: string;
  mode: string;
  totalSeconds: number;
  settings: Omit<BenchOptions, "databaseUrl" | "redisUrl"> & {
    database: string;
    redis: string;
    /** Tick settings of the nodes (defaults unless set in the environment). */
    nodes: Record<string, number>;
  };
  machine: MachineInfo;
  setup: {
    seedSeconds: number;
    rampSeconds: number;
    signInsPerSecond: number;
    frontendCpuMsPerSignIn: number;
    connected: number;
    failed: number;
    connectErrors: string[];
  };
  ticks: Omit<TickFigures, "series">;
  pushLatencyMs: Summary;
  pushesPerSecond: Summary;
  pushChecks: PushChecks;
  actions: ActionCounts & { perSecond: number };
  http: HttpFigures[];
  memory: {
    perNode: NodeMemory[];
    bytesPerIdleConnection: number;
    marginalBytesPerConnection: number;
  };
  cpu: { process: string; pid: number; coreShare: number }[];
  money: MoneyCheck;
  baselines: {
    settle: SettleBaseline;
    publish: PublishBaseline & {
      clusterPublishPerSecond: number;
      clusterShareOfCeiling: number;
    };
    pushPaths: {
      background: Background;
      targeted: PushPhase;
      broadcast: PushPhase;
      ratios: Record<string, number>;
    };
  };
  targets: Target[];
}

/** One of the targets and whether this run reached it. */
export interface Target {
  name: string;
  target: string;
  reached: string;
  met: boolean;
}

/** The targets, evaluated on a run's figures. */
export function evaluateTargets(
  r: Omit<Results, "targets">,
  tickMs: number,
): Target[] {
  const missed =
    r.pushChecks.outOfOrder +
    r.pushChecks.duplicates +
    r.pushChecks.unpushedActions +
    r.pushChecks.resyncGaps +
    r.pushChecks.stalledConnections;
  const meanOff = Math.abs(r.ticks.periodMs.mean - tickMs) / tickMs;
  return [
    {
      name: "tick period mean",
      target: `within 1% of ${tickMs} ms`,
      reached: `${fmt(r.ticks.periodMs.mean)} ms (${fmt(meanOff * 100, 2)}% off)`,
      met: meanOff <= 0.01,
    },
    {
      name: "tick period p99",
      target: `<= ${fmt(tickMs * 1.1)} ms`,
      reached: `${fmt(r.ticks.periodMs.p99)} ms`,
      met: r.ticks.periodMs.p99 <= tickMs * 1.1,
    },
    {
      name: "push latency p99",
      target: "<= 250 ms",
      reached: `${fmt(r.pushLatencyMs.p99)} ms`,
      met: r.pushLatencyMs.p99 <= 250,
    },
    {
      name: "missed / out-of-order versions",
      target: "0",
      reached: String(missed),
      met: missed === 0,
    },
    {
      name: "money check",
      target: "exact",
      reached: r.money.exact
        ? "exact"
        : `${r.money.balanceMismatches + r.money.entryMismatches + r.money.rateMismatches} mismatches`,
      met: r.money.exact,
    },
    {
      name: "memory per idle connection",
      target: "<= 30 KB (30,000 bytes)",
      reached: `${fmt(r.memory.bytesPerIdleConnection / 1000, 1)} KB`,
      met: r.memory.bytesPerIdleConnection <= 30_000,
    },
    {
      name: "tick settle rows/s vs plain UPDATE",
      target: ">= 0.70",
      reached: fmt(r.baselines.settle.ratio, 2),
      met: r.baselines.settle.ratio >= 0.7,
    },
  ];
}

/** Writes `<stamp>-<mode>.json`, `.md` and `.svg` into `dir`; returns their paths. */
export function writeResults(
  dir: string,
  results: Results,
  chart: ChartData,
): string[] {
  mkdirSync(dir, { recursive: true });
  const stamp = results.startedAt.replace(/[:]/g, "-").replace(/\..*$/, "");
  const base = path.join(dir, `${stamp}-${results.mode}`);
  writeFileSync(`${base}.json`, JSON.stringify(results, null, 2) + "\n");
  writeFileSync(`${base}.md`, markdown(results, path.basename(`${base}.svg`)));
  writeFileSync(`${base}.svg`, drawChart(chart));
  return [`${base}.json`, `${base}.md`, `${base}.svg`];
}

/** The summary tables, in markdown; also printed at the end of a run. */
export function resultsTable(r: Results): string {
  const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  const s = (x: Summary, digits = 0) => [
    fmt(x.min, digits),
    fmt(x.median, digits),
    fmt(x.p99, digits),
    fmt(x.max, digits),
  ];
  const lines = [
    row(["figure", "min", "median", "p99", "max"]),
    row(["---", "---:", "---:", "---:", "---:"]),
    row(["tick period (ms, start to start)", ...s(r.ticks.periodMs)]),
    row(["tick duration (ms)", ...s(r.ticks.durationMs)]),
    row(["tick start lateness (ms)", ...s(r.ticks.lateMs)]),
    row(["players settled per tick", ...s(r.ticks.settled)]),
    row(["push latency (ms)", ...s(r.pushLatencyMs)]),
    row(["pushes received per second", ...s(r.pushesPerSecond)]),
    ...r.http.map((h) =>
      row([
        `HTTP ${h.method} ${h.path} latency (ms), ${fmt(h.perSecond)} req/s`,
        h.latencyMs.min,
        h.latencyMs.median,
        h.latencyMs.p99,
        h.latencyMs.max,
      ]),
    ),
    "",
    row(["figure", "value"]),
    row(["---", "---:"]),
    row([
      "players settled per second (main phase)",
      fmt(r.ticks.settledPerSecond),
    ]),
    row([
      "tick rows/s while a tick runs (main phase, pushes included)",
      fmt(r.ticks.rowsPerTickSecond.median),
    ]),
    row([
      "ramp: sign-ins per second (front-end CPU ms per sign-in)",
      `${fmt(r.setup.signInsPerSecond)} (${fmt(r.setup.frontendCpuMsPerSignIn, 2)})`,
    ]),
    row([
      "pushes checked / out-of-order / duplicate",
      `${r.pushChecks.pushes} / ${r.pushChecks.outOfOrder} / ${r.pushChecks.duplicates}`,
    ]),
    row([
      "own actions never pushed / resync gaps / stalled connections",
      `${r.pushChecks.unpushedActions} / ${r.pushChecks.resyncGaps} / ${r.pushChecks.stalledConnections}`,
    ]),
    row([
      "reconnects / longest push silence (ms)",
      `${r.pushChecks.reconnects} / ${r.pushChecks.maxSilenceMs}`,
    ]),
    row([
      "money actions ok / refused / replays (mismatched)",
      `${r.actions.ok} / ${JSON.stringify(r.actions.refused)} / ${r.actions.replays} (${r.actions.replayMismatches})`,
    ]),
    ...r.http.map((h) =>
      row([
        `HTTP ${h.method} ${h.path}: req/s (non-2xx, errors)`,
        `${fmt(h.perSecond)} (${h.non2xx}, ${h.errors})`,
      ]),
    ),
    row([
      "memory per idle connection: average (marginal, second half of the ramp)",
      `${fmt(r.memory.bytesPerIdleConnection / 1000, 1)} KB (${fmt(r.memory.marginalBytesPerConnection / 1000, 1)} KB)`,
    ]),
    ...r.cpu.map((c) =>
      row([`CPU ${c.process} (share of one core)`, fmt(c.coreShare, 2)]),
    ),
    row([
      "money check",
      r.money.exact
        ? `exact (${r.money.players} players, ${r.money.entries} ledger entries)`
        : `MISMATCH: ${r.money.balanceMismatches} balances, ${r.money.entryMismatches} entries, ${r.money.rateMismatches} rates`,
    ]),
    row([
      "settle: tick rows/s vs plain UPDATE rows/s",
      `${fmt(r.baselines.settle.tickRowsPerSecond.median)} / ${fmt(r.baselines.settle.updateRowsPerSecond.median)} = ${fmt(r.baselines.settle.ratio, 2)}`,
    ]),
    row([
      "settle: tick's own statement over all rows at once, rows/s",
      fmt(r.baselines.settle.oneStatementRowsPerSecond.median),
    ]),
    row([
      "Redis: cluster PUBLISH/s vs pipelined ceiling",
      `${fmt(r.baselines.publish.clusterPublishPerSecond, 1)} / ${fmt(r.baselines.publish.perSecond)} = ${fmt(r.baselines.publish.clusterShareOfCeiling, 5)}`,
    ]),
    ...pushPathRows(r),
    row([
      "load average at start / end",
      `${r.machine.loadAverageStart.join(", ")} / ${r.machine.loadAverageEnd?.join(", ")}`,
    ]),
    "",
    row(["target", "wanted", "reached", "met"]),
    row(["---", "---", "---", "---"]),
    ...r.targets.map((t) =>
      row([t.name, t.target, t.reached, t.met ? "yes" : "**no**"]),
    ),
  ];
  return lines.join("\n") + "\n";
}

/** The push-path comparison, per 10k pushes received and per 10k states settled. */
function pushPathRows(r: Results): string[] {
  const { targeted: t, broadcast: b } = r.baselines.pushPaths;
  const bytes = (x: PerTenThousand) =>
    `${fmt((x.redisInBytes + x.redisOutBytes) / 1000)} KB`;
  const lines: string[] = [];
  for (const [basis, label] of [
    ["per10kPushes", "10k pushes received"],
    ["per10kStates", "10k states settled"],
  ] as const) {
    lines.push(
      `| push path per ${label}: Redis messages / bytes / node CPU ms, targeted vs broadcast | ${fmt(t[basis].redisMessages, 1)} / ${bytes(t[basis])} / ${fmt(t[basis].nodeCpuMs)} vs ${fmt(b[basis].redisMessages, 1)} / ${bytes(b[basis])} / ${fmt(b[basis].nodeCpuMs)} |`,
    );
  }
  lines.push(
    `| push path: pushes/s received and latency p99, targeted vs broadcast | ${fmt(t.pushesPerSecond)}, ${fmt(t.latencyMs.p99)} ms vs ${fmt(b.pushesPerSecond)}, ${fmt(b.latencyMs.p99)} ms |`,
  );
  return lines;
}

function markdown(r: Results, svg: string): string {
  const m = r.machine;
  return `# Accrue benchmark, ${r.mode} run of ${r.startedAt}

${r.settings.players} players, ${r.settings.connections} connections over ${r.settings.frontends} front-ends and ${r.settings.workers} worker(s), ${r.settings.durationS} s at TICK_MS=${r.settings.tickMs} (TICK_BATCH_SIZE=${r.settings.nodes.TICK_BATCH_SIZE}, OFFLINE_SETTLE_TICKS=${r.settings.nodes.OFFLINE_SETTLE_TICKS}); ${Math.round(r.settings.activeShare * 100)}% of connections active at ${r.settings.actionsPerSecond} action/s each. Whole run ${Math.round(r.totalSeconds)} s.

Machine: ${m.nproc} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}, PostgreSQL ${m.postgres}, Redis ${m.redis}. Load average at start ${m.loadAverageStart.join(", ")}, at end ${m.loadAverageEnd?.join(", ")}.

${resultsTable(r)}
![tick period and push latency over time](${svg})

How to read this: docs/performance.md.
`;
}

/** A number for a table: fixed digits, NaN shown as "-". */
export function fmt(x: number, digits = 0): string {
  if (!Number.isFinite(x)) return "-";
  return x.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

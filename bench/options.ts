import path from "node:path";

/**
 * Command-line options of `npm run bench`. Full mode is the target
 * scale (100,000 players, 10,000 connections, 60 s); `--quick` is a short
 * run under 90 s; any figure can be overridden, e.g. the CI smoke check
 * `--quick --players 2000 --connections 100 --duration 8`.
 */

/** Everything one run needs to know, defaults filled in. */
export interface BenchOptions {
  /** `full` or `quick`; names the result files. */
  mode: "full" | "quick";
  /** Players seeded. */
  players: number;
  /** Socket connections opened by the load generator, one player each. */
  connections: number;
  /** Length of the main measured phase, seconds. */
  durationS: number;
  /** Front-end nodes (ROLE=frontend). */
  frontends: number;
  /** Worker nodes (ROLE=worker). */
  workers: number;
  /** Load generator child processes. */
  loadgens: number;
  /** Share of connections that buy and trade, 0 to 1. */
  activeShare: number;
  /** Money actions per second of each active connection. */
  actionsPerSecond: number;
  /** TICK_MS of the cluster. */
  tickMs: number;
  /** Connections opened per second while ramping up. */
  rampPerSecond: number;
  /** Seconds of each autocannon run. */
  httpSeconds: number;
  /** Seconds of each push-path phase (targeted, then broadcast). */
  pushPhaseS: number;
  /** Alternating repetitions of the tick and plain-UPDATE settle baseline. */
  settleReps: number;
  /** Where the result files go. Default bench/results. */
  outDir: string;
  /** Node flags for every cluster node, e.g. `--cpu-prof`. */
  nodeArgs: string[];
  /** Postgres server; the bench creates database `accrue_bench` on it. */
  databaseUrl: string;
  /** Redis server; the bench uses its db 14. */
  redisUrl: string;
  /** Which of DATABASE_URL / REDIS_URL were unset and so defaulted. */
  defaulted: string[];
}

const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

const FULL = {
  players: 100_000,
  connections: 10_000,
  durationS: 60,
  httpSeconds: 5,
  pushPhaseS: 10,
  settleReps: 3,
};
const QUICK = {
  players: 20_000,
  connections: 1_000,
  durationS: 20,
  httpSeconds: 2,
  pushPhaseS: 4,
  settleReps: 2,
};

const USAGE = `usage: npm run bench -- [--quick] [--players N] [--connections N] [--duration S]
  [--frontends N] [--workers N] [--loadgens N] [--active-share 0..1]
  [--action-rate PER_S] [--tick-ms MS] [--ramp PER_S] [--http-seconds S]
  [--push-phase S] [--settle-reps N] [--cpu-prof] [--out DIR]`;

/** Parses argv (without node and script) and the environment. */
export function parseOptions(
  argv: string[],
  env: NodeJS.ProcessEnv,
): BenchOptions {
  const quick = argv.includes("--quick");
  const base = quick ? QUICK : FULL;
  const value = (flag: string, fallback: number, min: number, max: number) =>
    readNumber(argv, flag, fallback, min, max);
  for (const arg of argv)
    if (arg.startsWith("--") && !KNOWN.has(arg))
      throw new Error(`unknown option ${arg}\n${USAGE}`);
  const connections = value("--connections", base.connections, 1, 50_000);
  const players = value(
    "--players",
    Math.max(base.players, connections),
    1,
    10_000_000,
  );
  if (players < connections + HTTP_PLAYERS)
    throw new Error(
      `--players must be at least --connections + ${HTTP_PLAYERS}`,
    );
  return {
    mode: quick ? "quick" : "full",
    players,
    connections,
    durationS: value("--duration", base.durationS, 1, 3600),
    frontends: value("--frontends", 2, 1, 8),
    workers: value("--workers", 1, 1, 8),
    loadgens: value("--loadgens", Math.min(2, connections), 1, 4),
    activeShare: value("--active-share", 0.02, 0, 1),
    actionsPerSecond: value("--action-rate", 1, 0.01, 50),
    tickMs: value("--tick-ms", 1000, 50, 60_000),
    rampPerSecond: value("--ramp", 2000, 10, 20_000),
    httpSeconds: value("--http-seconds", base.httpSeconds, 1, 120),
    pushPhaseS: value("--push-phase", base.pushPhaseS, 1, 600),
    settleReps: value("--settle-reps", base.settleReps, 1, 20),
    outDir:
      readString(argv, "--out") ??
      path.join(__dirname, "..", "..", "bench", "results"),
    nodeArgs: argv.includes("--cpu-prof")
      ? [
          "--cpu-prof",
          `--cpu-prof-dir=${path.join(__dirname, "..", "..", "bench", "results", "profiles.tmp")}`,
        ]
      : [],
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    redisUrl: env.REDIS_URL || DEFAULT_REDIS_URL,
    defaulted: [
      !env.DATABASE_URL && "DATABASE_URL",
      !env.REDIS_URL && "REDIS_URL",
    ].filter((x): x is string => !!x),
  };
}

/** Players kept aside with tokens for the HTTP (autocannon) runs. */
export const HTTP_PLAYERS = 200;

const KNOWN = new Set([
  "--quick",
  "--players",
  "--connections",
  "--duration",
  "--frontends",
  "--workers",
  "--loadgens",
  "--active-share",
  "--action-rate",
  "--tick-ms",
  "--ramp",
  "--http-seconds",
  "--push-phase",
  "--settle-reps",
  "--cpu-prof",
  "--out",
]);

function readString(argv: string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  if (at === -1) return undefined;
  const value = argv[at + 1];
  if (!value || value.startsWith("--"))
    throw new Error(`${flag} needs a value\n${USAGE}`);
  return path.resolve(value);
}

function readNumber(
  argv: string[],
  flag: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const at = argv.indexOf(flag);
  if (at === -1) return fallback;
  const parsed = Number(argv[at + 1]);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max)
    throw new Error(
      `${flag} must be a number from ${min} to ${max}, got ${argv[at + 1]}\n${USAGE}`,
    );
  return parsed;
}

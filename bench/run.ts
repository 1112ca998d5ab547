import { randomBytes } from "node:crypto";
import path from "node:path";
import Redis from "ioredis";
import { Db } from "../src/store/db";
import { assembleResults, nodeSettings } from "./assemble";
import { measurePublish, measureSettle } from "./baselines";
import { ChartData } from "./chart";
import { killAllNodes } from "./cluster";
import { runBroadcastCluster, runTargetedCluster } from "./clusterPhases";
import { killAllLoadgens } from "./loadgen";
import { log } from "./log";
import { loadAverage, readMachine } from "./machine";
import { checkMoney } from "./moneyCheck";
import { BenchOptions, HTTP_PLAYERS, parseOptions } from "./options";
import { populate } from "./population";
import { measureBackground } from "./pushModes";
import { redisServerInfo } from "./redisStats";
import { Results, resultsTable, writeResults } from "./report";
import {
  BENCH_REDIS_DB,
  BenchBusyError,
  displayUrl,
  lockBench,
  prepareDatabase,
  prepareRedis,
} from "./services";
import { readTicks } from "./ticks";

/**
 * `npm run bench`: seeds players, starts a cluster of real nodes, drives it
 * with SDK clients, measures, checks the money and writes the results to
 * bench/results/. Phases, in order:
 *
 *  1. fresh `accrue_bench` database and Redis db 14; seed; tokens
 *  2. Redis background rate (nothing of ours running)
 *  3. cluster (PUSH_MODE=targeted); ramp the connections up
 *  4. main phase: D seconds with the active clients buying and trading
 *  5. targeted push phase (idle clients only); push checks; HTTP runs
 *  6. cluster again with PUSH_MODE=broadcast; same connections; push phase
 *  7. money check, with every node stopped
 *  8. baselines: tick settle vs plain UPDATE, Redis pipelined PUBLISH
 *
 * Every child process is killed on the way out, on failure and Ctrl-C too.
 */
async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const runId = randomBytes(3).toString("hex");
  const started = Date.now();
  installExitHandlers();
  printHeader(options);

  const lock = await lockBench(options.databaseUrl);
  try {
    await runWithServices(options, runId, started);
  } finally {
    await lock.release();
  }
}

/** Prepares the bench's database and Redis db, runs, writes the results. */
async function runWithServices(
  options: BenchOptions,
  runId: string,
  started: number,
): Promise<void> {
  const urls = {
    db: await prepareDatabase(options.databaseUrl),
    redis: await prepareRedis(options.redisUrl),
  };
  log(`postgres: ${displayUrl(urls.db)} (fresh database)`);
  log(`redis:    ${displayUrl(urls.redis)} (db ${BENCH_REDIS_DB}, flushed)`);
  const db = new Db({ connectionString: urls.db, max: 4 });
  const redis = new Redis(urls.redis);
  try {
    const { results, chart } = await runPhases(
      options,
      runId,
      urls,
      db,
      redis,
      started,
    );
    const files = writeResults(options.outDir, results, chart);
    process.stdout.write(`\n${resultsTable(results)}\n`);
    log(
      `results: ${files.map((f) => path.relative(process.cwd(), f)).join(", ")}`,
    );
    log(`total ${Math.round((Date.now() - started) / 1000)} s`);
    const broken = correctnessFailures(results);
    if (broken.length > 0) {
      log(`FAILED correctness checks: ${broken.join(", ")}`);
      process.exitCode = 1;
    }
  } finally {
    redis.disconnect();
    await db.close();
  }
}

/**
 * Checks that must hold whatever the machine's speed; a run that breaks
 * one exits non-zero (CI's smoke run relies on it). Timing figures, stalls
 * and unpushed actions (judged against a grace period) never fail a run.
 */
function correctnessFailures(r: Results): string[] {
  return [
    !r.money.exact && "money check",
    r.pushChecks.outOfOrder > 0 && "out-of-order pushes",
    r.pushChecks.duplicates > 0 && "duplicate pushes",
    r.actions.replayMismatches > 0 && "idempotent replays",
    r.setup.connected === 0 && "no client connected",
  ].filter((x): x is string => typeof x === "string");
}

/** Runs phases 1-8 and gathers every figure. */
async function runPhases(
  options: BenchOptions,
  runId: string,
  urls: { db: string; redis: string },
  db: Db,
  redis: Redis,
  started: number,
): Promise<{ results: Results; chart: ChartData }> {
  const redisInfo = await redisServerInfo(redis);
  const machine = await readMachine(db, redisInfo.version);
  log(
    `machine: ${machine.nproc} cores, ${machine.memoryGiB} GiB, load average ${machine.loadAverageStart.join(" ")}; redis clients connected: ${redisInfo.clients}`,
  );

  // 1. players
  const active = Math.round(options.connections * options.activeShare);
  const seedStart = Date.now();
  const population = await populate(db, {
    players: options.players,
    connections: options.connections,
    active,
    httpPlayers: HTTP_PLAYERS,
  });
  const seedSeconds = (Date.now() - seedStart) / 1000;

  // 2. Redis background
  const background = await measureBackground(redis, 2);
  log(
    `redis background: ${background.publishPerSecond.toFixed(1)} PUBLISH/s, ${Math.round(background.outBytesPerSecond)} bytes/s out`,
  );

  // 3.-6. the two clusters
  const ctx = {
    options,
    runId,
    urls,
    db,
    redis,
    population,
    background,
    active,
    redisPid: redisInfo.pid,
  };
  const targeted = await runTargetedCluster(ctx);
  const broadcast = await runBroadcastCluster(ctx);

  // 7. money
  log("money check: settling every player at one instant ...");
  const money = await checkMoney(db);
  log(
    `money check: ${money.exact ? "exact" : "MISMATCH"} (${money.players} players, ${money.entries} ledger entries)`,
  );

  // 8. baselines
  log("baseline: tick settle vs plain UPDATE ...");
  const settle = await measureSettle(
    db,
    nodeSettings.TICK_BATCH_SIZE,
    options.settleReps,
  );
  log("baseline: Redis pipelined PUBLISH ...");
  const publishCount = options.mode === "full" ? 200_000 : 50_000;
  const publish = await measurePublish(
    urls.redis,
    `accrue-bench:${runId}:publish`,
    publishCount,
    200,
  );

  const ticks = await readTicks(db, targeted.main.start, targeted.main.end);
  machine.loadAverageEnd = loadAverage();
  return assembleResults({
    options,
    urls,
    started,
    machine,
    seedSeconds,
    background,
    targeted,
    broadcast,
    money,
    settle,
    publish,
    ticks,
  });
}

/** Kills every child on any exit: normal, error, Ctrl-C, SIGTERM. */
function installExitHandlers(): void {
  const killAll = () => {
    killAllLoadgens();
    killAllNodes();
  };
  process.on("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      process.stderr.write(
        `\nbench: ${signal}, stopping every process it started\n`,
      );
      killAll();
      process.exit(130);
    });
  }
}

function printHeader(options: BenchOptions): void {
  log(
    `accrue bench, ${options.mode} mode: ${options.players} players, ${options.connections} connections, ${options.durationS} s, ${options.frontends} front-end(s) + ${options.workers} worker(s), ${options.loadgens} load generator(s)`,
  );
  for (const name of options.defaulted)
    log(
      `${name} is unset: using ${name === "DATABASE_URL" ? "postgres://postgres@127.0.0.1:5432/postgres" : "redis://127.0.0.1:6379"}`,
    );
}

main().catch((error) => {
  const expected = error instanceof BenchBusyError;
  const text =
    error instanceof Error
      ? expected
        ? error.message
        : (error.stack ?? error.message)
      : String(error);
  process.stderr.write(`\nbench: FAILED: ${text}\n`);
  process.exitCode = 1;
});

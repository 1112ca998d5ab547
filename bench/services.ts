import Redis from "ioredis";
import { Client } from "pg";
import { Db } from "../src/store/db";
import { seedCatalog } from "../src/store/economy";
import { migrate } from "../src/store/migrations";

/**
 * The bench's own corner of the given Postgres and Redis servers: a fresh
 * database `accrue_bench` (dropped first if it exists) and Redis db 14
 * (flushed at start), so a run never touches test or development data.
 */

/** Name of the database every run recreates. */
export const BENCH_DATABASE = "accrue_bench";
/** Redis database every run flushes and uses. */
export const BENCH_REDIS_DB = 14;

/** Another bench holds the servers; said in one line, without a stack. */
export class BenchBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BenchBusyError";
  }
}

/** Advisory lock key that marks a bench running against a Postgres server. */
const BENCH_LOCK = 7_349_201_772;

/**
 * Takes a session lock on the server of `baseUrl` so that a second bench
 * against the same servers stops at once instead of dropping the first
 * one's database and flushing its Redis db. Held until `release`.
 */
export async function lockBench(
  baseUrl: string,
): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: baseUrl });
  client.on("error", () => undefined);
  await client.connect();
  const { rows } = await client.query<{ locked: boolean }>(
    "SELECT pg_try_advisory_lock($1) AS locked",
    [BENCH_LOCK],
  );
  if (!rows[0].locked) {
    await client.end();
    throw new BenchBusyError(
      `another bench is running against this Postgres server (it holds advisory lock ${BENCH_LOCK}); wait for it to finish`,
    );
  }
  return { release: () => client.end() };
}

/** Recreates `accrue_bench` on the server of `baseUrl`, migrated; returns its URL. */
export async function prepareDatabase(baseUrl: string): Promise<string> {
  const admin = new Db({ connectionString: baseUrl, max: 1 });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
  } finally {
    await admin.close();
  }
  const url = withPath(baseUrl, `/${BENCH_DATABASE}`);
  const db = new Db({ connectionString: url, max: 1 });
  try {
    await migrate(db);
    await seedCatalog(db);
  } finally {
    await db.close();
  }
  return url;
}

/** Flushes db 14 of the server of `baseUrl`; returns that db's URL. */
export async function prepareRedis(baseUrl: string): Promise<string> {
  const url = withPath(baseUrl, `/${BENCH_REDIS_DB}`);
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
  return url;
}

/** Drops `accrue_bench` at the end of a run, if asked to. */
export async function dropDatabase(baseUrl: string): Promise<void> {
  const admin = new Db({ connectionString: baseUrl, max: 1 });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
  } finally {
    await admin.close();
  }
}

/** A URL shown without its password, for the run's header. */
export function displayUrl(value: string): string {
  const url = new URL(value);
  if (url.password) url.password = "***";
  return url.toString();
}

function withPath(value: string, pathname: string): string {
  const url = new URL(value);
  url.pathname = pathname;
  return url.toString();
}

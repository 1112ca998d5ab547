import os from "node:os";
import path from "node:path";

/**
 * Runs before each test file: points this jest worker at its own Postgres
 * database and Redis db, so files in parallel never share state.
 */
const slot = Number(process.env.JEST_WORKER_ID ?? 1);
const pg = new URL(
  process.env.ACCRUE_TEST_PG ?? "postgres://postgres@127.0.0.1:5432/postgres",
);
pg.pathname = `/accrue_test_${slot}`;
const redis = new URL(
  process.env.ACCRUE_TEST_REDIS ?? "redis://127.0.0.1:6379",
);
redis.pathname = `/${slot}`;

process.env.DATABASE_URL = pg.toString();
process.env.REDIS_URL = redis.toString();
process.env.ADMIN_TOKEN ??= "test-admin-token-0123456789";
process.env.PORT = "0";
process.env.TCP_PORT = "0";
process.env.BIND_HOST = "127.0.0.1";
process.env.NODE_ID = `test-node-${slot}`;
process.env.DATA_DIR = path.join(os.tmpdir(), `accrue-test-${process.pid}`);
process.env.TICK_MS ??= "200";

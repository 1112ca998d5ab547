#!/usr/bin/env node
import { hostname } from "node:os";
import Redis from "ioredis";
import { SettingsError, settings } from "../settings";
import { redisKeys } from "../store/redisKeys";

/** The whole check gives up after this long, ms. */
const TIMEOUT_MS = 3000;

/**
 * `node dist/bin/healthcheck.js`: a container health check, run beside a
 * node with the same environment. Exits 0 when the node is healthy, else 1
 * with one line saying why.
 *
 * - A node that serves clients (ROLE all or frontend) is healthy when its
 *   `/api/status` answers 200, so Postgres and Redis both answer it.
 * - A worker opens no port. It is healthy when its heartbeat is in Redis:
 *   the heartbeat expires PRESENCE_TTL_MS after the last beat, and beats
 *   only come from a running event loop.
 *
 * The worker's id is NODE_ID, or else the default id of a node running as
 * process 1 of this host (`<role>-<hostname>-1`), as in the Docker image,
 * where `node dist/server.js` is the container's first process.
 */
async function main(): Promise<string> {
  const s = settings();
  if (s.ROLE !== "worker") {
    const url = `http://127.0.0.1:${s.PORT}/api/status`;
    const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    return `status 200 on port ${s.PORT}`;
  }

  const id = s.NODE_ID ?? `${s.ROLE}-${hostname()}-1`;
  const redis = new Redis(s.REDIS_URL!, {
    maxRetriesPerRequest: 1,
    connectTimeout: TIMEOUT_MS,
    retryStrategy: () => null,
  });
  redis.on("error", () => undefined);
  try {
    const role = await redis.hget(redisKeys.node(id), "role");
    if (role !== "worker") throw new Error(`no heartbeat of worker ${id}`);
    return `worker ${id} heartbeating`;
  } finally {
    redis.disconnect();
  }
}

setTimeout(() => fail(`no answer in ${TIMEOUT_MS} ms`), TIMEOUT_MS).unref();
main().then(
  (message) => {
    console.log(`accrue healthy: ${message}`);
    process.exit(0);
  },
  (error) =>
    fail(
      error instanceof SettingsError
        ? `bad setting: ${error.message}`
        : String(error?.message ?? error),
    ),
);

function fail(message: string) {
  console.error(`accrue unhealthy: ${message.split("\n")[0]}`);
  process.exit(1);
}

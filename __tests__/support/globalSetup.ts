import { Client } from "pg";
import { findServices } from "./services";

/** Test databases made per run: one per jest worker id. */
export const WORKER_SLOTS = 8;

/**
 * Finds Postgres and Redis once per run and makes a fresh database for each
 * jest worker; the workers inherit the URLs through the environment.
 */
export default async function globalSetup() {
  let services;
  try {
    services = await findServices();
  } catch (error) {
    console.error(`\n${(error as Error).message}\n`);
    throw error;
  }
  (globalThis as { __accrueServices?: unknown }).__accrueServices = services;
  process.env.ACCRUE_TEST_PG = services.postgresUrl;
  process.env.ACCRUE_TEST_REDIS = services.redisUrl;

  const admin = new Client({ connectionString: services.postgresUrl });
  await admin.connect();
  try {
    for (let slot = 1; slot <= WORKER_SLOTS; slot++) {
      await admin.query(
        `DROP DATABASE IF EXISTS accrue_test_${slot} WITH (FORCE)`,
      );
      await admin.query(`CREATE DATABASE accrue_test_${slot}`);
    }
  } finally {
    await admin.end();
  }
}

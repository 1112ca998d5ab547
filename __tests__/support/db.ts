import Redis from "ioredis";
import { Db } from "../../src/store/db";
import { seedCatalog } from "../../src/store/economy";
import { migrate } from "../../src/store/migrations";

/** This worker's test database, migrated and seeded, for store-level tests. */
export async function openTestDb(): Promise<Db> {
  const db = new Db({ connectionString: process.env.DATABASE_URL, max: 20 });
  await migrate(db);
  await seedCatalog(db);
  return db;
}

/** Empties every table that tests write to. */
export async function truncateAll(db: Db): Promise<void> {
  await db.query(
    "TRUNCATE players, sessions, holdings, ledger_entries, idempotency_keys, ticks RESTART IDENTITY CASCADE",
  );
}

/** A client on this worker's Redis db, emptied. */
export async function openTestRedis(): Promise<Redis> {
  const redis = new Redis(process.env.REDIS_URL!);
  await redis.flushdb();
  return redis;
}

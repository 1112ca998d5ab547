#!/usr/bin/env node
import { SettingsError, settings } from "../settings";
import { Db } from "../store/db";
import { startEmbeddedPostgres } from "../store/embedded";
import { seedCatalog } from "../store/economy";
import { migrate } from "../store/migrations";

/**
 * `npm run migrate`: applies pending migrations and seeds the catalog, on
 * DATABASE_URL or (unset) the embedded database under DATA_DIR. Nodes do
 * the same at start; this runs it ahead of a deploy.
 */
async function main() {
  const s = settings();
  const embedded = s.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(s.DATA_DIR);
  const db = new Db({
    connectionString: s.DATABASE_URL ?? embedded!.url,
    max: 1,
  });
  try {
    const result = await migrate(db);
    await seedCatalog(db);
    const applied = result.applied.length ? result.applied.join(", ") : "none";
    console.log(
      `migrations applied: ${applied} (already applied: ${result.alreadyApplied})`,
    );
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

main().catch((error) => {
  const message =
    error instanceof SettingsError
      ? `bad setting: ${error.message}`
      : String(error?.message ?? error);
  console.error(`accrue migrate: ${message.split("\n")[0]}`);
  process.exit(1);
});

import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { Db } from "./db";

/**
 * Numbered SQL files in `migrations/`, applied in order, each in its own
 * transaction, under a Postgres advisory lock so that nodes starting at the
 * same moment apply each file exactly once. Chosen over node-pg-migrate
 * because plain SQL files are all the schema needs and the same code runs
 * unchanged on embedded PGlite.
 */
export const MIGRATIONS_DIR = findMigrationsDir(__dirname);

/** The project's `migrations/` folder, found upward from a build folder. */
function findMigrationsDir(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, "migrations");
    if (existsSync(path.join(dir, "package.json")) && existsSync(candidate))
      return candidate;
  }
  return path.join(from, "..", "..", "migrations");
}

/** Advisory lock key: any stable 64-bit number unique to Accrue. */
const MIGRATION_LOCK = 7_349_201_771;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/** Applies every migration not yet recorded in `schema_migrations`. */
export async function migrate(
  db: Db,
  dir = MIGRATIONS_DIR,
): Promise<MigrationResult> {
  const files = (await readdir(dir))
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();
  const client = await db.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         name TEXT PRIMARY KEY,
         applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
       )`,
    );
    const done = await client.query<{ name: string }>(
      "SELECT name FROM schema_migrations",
    );
    const known = new Set(done.rows.map((row) => row.name));
    const applied: string[] = [];
    for (const file of files.filter((f) => !known.has(f))) {
      const sql = await readFile(path.join(dir, file), "utf8");
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query("INSERT INTO schema_migrations (name) VALUES ($1)", [
          file,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(
          `migration ${file} failed: ${(error as Error).message}`,
          { cause: error },
        );
      }
      applied.push(file);
    }
    return { applied, alreadyApplied: known.size };
  } finally {
    await client
      .query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK])
      .catch(() => undefined);
    client.release();
  }
}

import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Initializer, api, log } from "actionhero";
import { provide, withdraw } from "../modules/runtime";
import { settings } from "../settings";
import { Db } from "../store/db";
import { EmbeddedPostgres, startEmbeddedPostgres } from "../store/embedded";
import { seedCatalog } from "../store/economy";
import { migrate } from "../store/migrations";

/**
 * Opens Postgres (real or embedded), applies migrations, seeds the catalog
 * and settles the admin token, before any server opens a port.
 */
export class StoreInitializer extends Initializer {
  private embedded?: EmbeddedPostgres;
  private db?: Db;

  constructor() {
    super();
    this.name = "store";
    // After Actionhero's redis (200) so the start line can name both.
    this.loadPriority = 250;
    this.stopPriority = 9000;
  }

  async initialize() {
    const s = settings();
    let url = s.DATABASE_URL;
    if (!url) {
      this.embedded = await startEmbeddedPostgres(s.DATA_DIR);
      url = this.embedded.url;
    }
    this.db = new Db({
      connectionString: url,
      max: this.embedded ? 1 : 10,
      connectionTimeoutMillis: 3000,
      // A statement stuck behind a lost server must not hold a request forever.
      // Known limit: such a request still waits this long before it answers
      // UNAVAILABLE (docs/limitations.md, "Cluster").
      query_timeout: 15_000,
    });
    const migrations = await migrate(this.db);
    await seedCatalog(this.db);
    provide("db", this.db);
    provide("storage", this.embedded ? "embedded" : "postgres");
    provide("redis", api.redis.clients.client);
    provide("adminToken", await resolveAdminToken());

    log("storage ready", "info", {
      postgres: this.embedded
        ? `embedded PGlite under ${path.resolve(s.DATA_DIR, "pglite")}`
        : "DATABASE_URL",
      redis: s.REDIS_URL ? "REDIS_URL" : "in-process stand-in (ioredis-mock)",
      migrationsApplied: migrations.applied,
    });
  }

  async stop() {
    withdraw("db");
    await this.db?.close();
    await this.embedded?.stop();
  }
}

/**
 * ADMIN_TOKEN when set. Otherwise (embedded mode only; settings refuse the
 * rest) a generated token kept in DATA_DIR so it survives restarts, printed
 * once at every start so the operator can open the dashboard.
 */
async function resolveAdminToken(): Promise<string> {
  const s = settings();
  if (s.ADMIN_TOKEN) return s.ADMIN_TOKEN;
  const file = path.resolve(s.DATA_DIR, "admin-token");
  const existing = await readFile(file, "utf8").catch(() => "");
  let token = existing.trim();
  if (token.length < 16) {
    token = randomBytes(24).toString("base64url");
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, token + "\n", { mode: 0o600 });
  }
  // Printed to stdout on purpose, not logged: it is a secret for the operator.
  console.log(`Admin token (also saved in ${file}): ${token}`);
  return token;
}

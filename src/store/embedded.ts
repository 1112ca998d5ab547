import { mkdir } from "node:fs/promises";
import path from "node:path";

/**
 * Embedded Postgres: PGlite keeps its files under `DATA_DIR/pglite` and is
 * served on a loopback port by pglite-socket, so the same `pg` code runs as
 * against a real server. PGlite is one connection underneath, so the pool
 * using it must hold a single client (transactions then run one at a time).
 */
export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(
  dataDir: string,
): Promise<EmbeddedPostgres> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const dir = path.resolve(dataDir, "pglite");
  await mkdir(dir, { recursive: true });
  const db = await PGlite.create(dir);
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1" });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres@${address}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

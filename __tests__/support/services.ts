import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, existsSync, readdirSync, chmodSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * Finds Postgres and Redis for the tests: TEST_DATABASE_URL and
 * TEST_REDIS_URL when set, else the machine's services on their standard
 * ports, else throwaway servers started from the machine's own `initdb`,
 * `pg_ctl` and `redis-server` in a temporary folder.
 */
export interface TestServices {
  postgresUrl: string;
  redisUrl: string;
  /** Stops whatever this run started itself. */
  stop(): void;
}

export async function findServices(): Promise<TestServices> {
  const stops: Array<() => void> = [];
  const postgresUrl =
    process.env.TEST_DATABASE_URL ??
    ((await reachable(5432))
      ? "postgres://postgres@127.0.0.1:5432/postgres"
      : startPostgres(stops, await freePort()));
  const redisUrl =
    process.env.TEST_REDIS_URL ??
    ((await reachable(6379))
      ? "redis://127.0.0.1:6379"
      : startRedis(stops, await freePort()));
  return { postgresUrl, redisUrl, stop: () => stops.forEach((stop) => stop()) };
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function reachable(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

function startPostgres(stops: Array<() => void>, port: number): string {
  const bin = postgresBinDir();
  const dir = mkdtempSync(path.join(os.tmpdir(), "accrue-pg-"));
  chmodSync(dir, 0o777);
  // initdb and pg_ctl refuse to run as root; run them as the postgres user.
  const asUser = (cmd: string, args: string[]) => {
    const full = path.join(bin, cmd);
    if (process.getuid?.() === 0)
      execFileSync("runuser", ["-u", "postgres", "--", full, ...args], {
        stdio: "ignore",
      });
    else execFileSync(full, args, { stdio: "ignore" });
  };
  asUser("initdb", [
    "-D",
    path.join(dir, "data"),
    "-U",
    "postgres",
    "--auth=trust",
  ]);
  asUser("pg_ctl", [
    "-D",
    path.join(dir, "data"),
    "-o",
    `-p ${port} -k ${dir} -h 127.0.0.1`,
    "-w",
    "start",
  ]);
  stops.push(() =>
    asUser("pg_ctl", ["-D", path.join(dir, "data"), "-m", "immediate", "stop"]),
  );
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

function startRedis(stops: Array<() => void>, port: number): string {
  const found = spawnSync("redis-server", ["--version"]);
  if (found.error) throw missing("redis-server");
  const dir = mkdtempSync(path.join(os.tmpdir(), "accrue-redis-"));
  execFileSync("redis-server", redisServerArgs(port, dir));
  stops.push(() =>
    spawnSync("redis-cli", ["-p", String(port), "shutdown", "nosave"]),
  );
  return `redis://127.0.0.1:${port}`;
}

function postgresBinDir(): string {
  const onPath = spawnSync("sh", ["-c", "command -v initdb"], {
    encoding: "utf8",
  }).stdout.trim();
  if (onPath) return path.dirname(onPath);
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort().reverse() : [];
  for (const version of versions) {
    const bin = path.join(root, version, "bin");
    if (existsSync(path.join(bin, "initdb"))) return bin;
  }
  throw missing("PostgreSQL (initdb, pg_ctl)");
}

function missing(what: string): Error {
  return new Error(
    `tests need Postgres and Redis: set TEST_DATABASE_URL and TEST_REDIS_URL, run them on 127.0.0.1:5432 and :6379, or install ${what} (Debian: apt-get install postgresql redis-server)`,
  );
}

/**
 * Arguments for a throwaway, daemonized redis-server on 127.0.0.1 that
 * keeps nothing on disk, with its pid and log files in `dir`.
 */
export function redisServerArgs(port: number, dir: string): string[] {
  return [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--daemonize",
    "yes",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    dir,
    "--pidfile",
    path.join(dir, "redis.pid"),
    "--logfile",
    path.join(dir, "redis.log"),
  ];
}

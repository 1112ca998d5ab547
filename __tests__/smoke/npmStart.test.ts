import { ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { call, sleep } from "../support/http";
import { freePort } from "../support/services";

/** `npm start` builds first and PGlite starts cold: allow for both. */
const START_TIMEOUT_MS = 90_000;
const ROOT = path.join(__dirname, "..", "..");
/** Build output and local state a fresh clone does not have. */
const NOT_IN_A_CLONE = new Set([
  ".git",
  "node_modules",
  "dist",
  "dist-bench",
  "data",
  "log",
  "pids",
  "coverage",
  "test-artifacts",
]);

/**
 * Copies the project as a fresh clone would have it, with the installed
 * node_modules linked in. `npm start` then builds into the copy, never into
 * the dist/ that other test files run at the same time.
 */
function cloneProject(into: string): void {
  cpSync(ROOT, into, {
    recursive: true,
    filter: (source) =>
      !NOT_IN_A_CLONE.has(path.relative(ROOT, source).split(path.sep)[0]),
  });
  symlinkSync(
    path.join(ROOT, "node_modules"),
    path.join(into, "node_modules"),
    "dir",
  );
}

describe("Smoke: npm start on embedded defaults", () => {
  let child: ChildProcess;
  let exited: Promise<{ code: number | null; signal: string | null }>;
  let output = "";
  let workDir: string;
  let dataDir: string;
  let baseUrl: string;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(os.tmpdir(), "accrue-smoke-"));
    const appDir = path.join(workDir, "app");
    dataDir = path.join(workDir, "data");
    cloneProject(appDir);
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      TCP_PORT: String(await freePort()),
      TICK_MS: "200",
    };
    // A fresh clone sets none of these: embedded Postgres and Redis, and a
    // generated admin token.
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.ADMIN_TOKEN;
    // Nor is it under jest: with these Actionhero would load src/*.ts.
    delete env.TS_JEST;
    delete env.JEST_WORKER_ID;
    delete env.NODE_ENV;
    baseUrl = `http://127.0.0.1:${port}`;

    // Its own process group, so afterAll can end npm, sh and node together.
    child = spawn("npm", ["start"], {
      cwd: appDir,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-100_000);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    exited = new Promise((resolve) =>
      child.on("exit", (code, signal) => resolve({ code, signal })),
    );
    await waitForStatus(baseUrl, child);
  }, START_TIMEOUT_MS + 10_000);

  afterAll(() => {
    if (child?.pid && groupAlive(child.pid))
      process.kill(-child.pid, "SIGKILL");
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  /** Adds what the node printed to a failure, for a CI log. */
  const explain = (what: string) =>
    `${what}\n--- node output ---\n${output.slice(-3000)}`;

  test("answers /api/status on embedded storage", async () => {
    const status = await call(baseUrl, "GET", "/api/status");
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ role: "all", storage: "embedded" });
    expect(existsSync(path.join(dataDir, "pglite"))).toBe(true);
    expect(existsSync(path.join(dataDir, "admin-token"))).toBe(true);
  });

  test("grows a bought generator's balance by floor(rate × elapsed)", async () => {
    const signup = await call(baseUrl, "POST", "/api/signup", {
      body: { username: "smoke_test", password: "smoke-password" },
    });
    expect(signup.status).toBe(200);
    const token = signup.body.token;
    const items = await call(baseUrl, "GET", "/api/items");
    const bought = await call(baseUrl, "POST", "/api/purchases", {
      token,
      body: { itemId: items.body.items[0].id },
    });
    expect(bought.status).toBe(200);
    const start = bought.body.state;
    expect(start.incomePerSecond).toBeGreaterThan(0);

    await sleep(2000);
    const me = await call(baseUrl, "GET", "/api/me", { token });
    const end = me.body.state;

    const owed = Math.floor(
      (start.incomePerSecond * (end.asOf - start.asOf)) / 1000,
    );
    expect(end.asOf - start.asOf).toBeGreaterThanOrEqual(2000);
    expect(owed).toBeGreaterThan(0);
    expect(Math.abs(end.balance - start.balance - owed)).toBeLessThanOrEqual(1);
  });

  test("stops cleanly within 10 s of SIGTERM to npm, leaving no process behind", async () => {
    const sentAt = Date.now();
    child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      exited,
      new Promise((resolve) => {
        timer = setTimeout(() => resolve("still running"), 10_000);
      }),
    ]);
    clearTimeout(timer);

    expect(result).toEqual({ code: 0, signal: null });
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(output).toContain("node stopped");
    // npm forwards SIGTERM to its child only: the server must be that child
    // (`exec` in the start script), or it would be left running orphaned.
    await sleep(200);
    expect(groupAlive(child.pid!)).toBe(false);
  }, 15_000);

  async function waitForStatus(url: string, proc: ChildProcess) {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null)
        throw new Error(explain(`npm start exited with ${proc.exitCode}`));
      const up = await call(url, "GET", "/api/status").catch(() => null);
      if (up?.status === 200) return;
      await sleep(250);
    }
    throw new Error(
      explain(`/api/status not 200 after ${START_TIMEOUT_MS} ms`),
    );
  }
});

/** True while any process of the group led by `pid` runs. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

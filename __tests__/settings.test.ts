import { spawn } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { CHEAPEST_COST } from "../src/game/catalog";
import { SettingsError, parseSettings } from "../src/settings";
import { freePort } from "./support/services";

/** The message parseSettings throws for `env`, or "ok". */
function refusal(env: NodeJS.ProcessEnv): string {
  try {
    parseSettings(env);
    return "ok";
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as Error).message;
  }
}

describe("Settings: parseSettings", () => {
  test("gives the contract's defaults for an empty environment", () => {
    const s = parseSettings({});
    expect(s).toMatchObject({
      PORT: 8080,
      TCP_PORT: 5000,
      ROLE: "all",
      role: "all",
      TICK_MS: 1000,
      DATA_DIR: "./data",
      LOGIN_FAILURES_PER_USER: 10,
      LOGIN_FAILURES_PER_ADDRESS: 30,
      PUBLIC_ROOMS: ["global", "market"],
    });
    expect(s.DATABASE_URL).toBeUndefined();
    expect(s.REDIS_URL).toBeUndefined();
    expect(s.SIGNUP_GRANT).toBeGreaterThanOrEqual(CHEAPEST_COST);
  });

  test("reads numbers from their text", () => {
    const s = parseSettings({ PORT: "9090", TCP_PORT: "0", TICK_MS: "250" });
    expect([s.PORT, s.TCP_PORT, s.TICK_MS]).toEqual([9090, 0, 250]);
  });

  test("treats an empty value as unset", () => {
    const s = parseSettings({ PORT: "", REDIS_URL: "", ROLE: "" });
    expect(s.PORT).toBe(8080);
    expect(s.REDIS_URL).toBeUndefined();
    expect(s.ROLE).toBe("all");
  });

  test("accepts TICK_MS at both ends of 50 to 60000", () => {
    expect(parseSettings({ TICK_MS: "50" }).TICK_MS).toBe(50);
    expect(parseSettings({ TICK_MS: "60000" }).TICK_MS).toBe(60000);
  });

  test.each([["10"], ["49"], ["60001"], ["1.5"], ["abc"], ["-200"]])(
    "refuses TICK_MS=%s naming the variable",
    (value) => {
      expect(refusal({ TICK_MS: value })).toMatch(
        new RegExp(`^TICK_MS=${JSON.stringify(value)}: `),
      );
    },
  );

  test.each([["abc"], ["65536"], ["-1"], ["80.5"], [" "], ["0x1F90"], ["8e3"]])(
    "refuses PORT=%s naming the variable",
    (value) => {
      expect(refusal({ PORT: value })).toMatch(/^PORT=/);
      expect(refusal({ TCP_PORT: value })).toMatch(/^TCP_PORT=/);
    },
  );

  test("accepts digits with surrounding spaces", () => {
    expect(parseSettings({ PORT: " 8081 " }).PORT).toBe(8081);
  });

  test("refuses an unknown ROLE", () => {
    expect(refusal({ ROLE: "leader" })).toMatch(/^ROLE="leader": /);
  });

  test("refuses ROLE other than all without REDIS_URL, saying why", () => {
    for (const role of ["worker", "frontend"]) {
      expect(refusal({ ROLE: role })).toMatch(
        new RegExp(`^ROLE=${role} needs REDIS_URL`),
      );
    }
  });

  test("refuses ROLE other than all without DATABASE_URL", () => {
    const env = { ROLE: "frontend", REDIS_URL: "redis://127.0.0.1:6379" };
    expect(refusal(env)).toMatch(/needs DATABASE_URL/);
  });

  test("refuses a real database without ADMIN_TOKEN on a node that serves clients", () => {
    const env = {
      DATABASE_URL: "postgres://u@127.0.0.1/db",
      REDIS_URL: "redis://127.0.0.1:6379",
    };
    expect(refusal({ ...env, ROLE: "all" })).toMatch(/^ADMIN_TOKEN is unset/);
    expect(refusal({ ...env, ROLE: "frontend" })).toMatch(/^ADMIN_TOKEN/);
    expect(refusal({ ...env, ROLE: "worker" })).toBe("ok");
  });

  test("refuses URLs of the wrong scheme without echoing them", () => {
    const database = refusal({ DATABASE_URL: "mysql://root:hunter2@db/x" });
    const redis = refusal({ REDIS_URL: "http://:hunter2@cache" });
    expect(database).toMatch(/^DATABASE_URL=\(hidden\): .*postgres/);
    expect(redis).toMatch(/^REDIS_URL=\(hidden\): .*redis/);
    expect(database + redis).not.toContain("hunter2");
  });

  test("refuses a short ADMIN_TOKEN without echoing it", () => {
    const message = refusal({ ADMIN_TOKEN: "sesame" });
    expect(message).toMatch(/^ADMIN_TOKEN=\(hidden\): .*16/);
    expect(message).not.toContain("sesame");
  });

  test("refuses a SIGNUP_GRANT below the cheapest item", () => {
    const message = refusal({ SIGNUP_GRANT: String(CHEAPEST_COST - 1) });
    expect(message).toMatch(/^SIGNUP_GRANT=/);
    expect(message).toContain(String(CHEAPEST_COST));
  });

  test("cuts long values in the message", () => {
    const message = refusal({ NODE_ID: "n".repeat(500) + " x" });
    expect(message).toMatch(/^NODE_ID="n{40}\.\.\."/);
    expect(message.length).toBeLessThan(200);
  });

  test("splits PUBLIC_ROOMS and refuses bad names", () => {
    expect(parseSettings({ PUBLIC_ROOMS: "lobby,trade" }).PUBLIC_ROOMS).toEqual(
      ["lobby", "trade"],
    );
    expect(refusal({ PUBLIC_ROOMS: "Lobby" })).toMatch(/^PUBLIC_ROOMS=/);
  });

  test("reports every refusal on one line", () => {
    const bad = [
      { TICK_MS: "10" },
      { PORT: "abc" },
      { ROLE: "worker" },
      { REDIS_URL: "nope" },
      { SIGNUP_GRANT: "1" },
      { LOG_LEVEL: "loud" },
    ];
    for (const env of bad) expect(refusal(env)).not.toMatch(/[\r\n]/);
  });
});

/**
 * Preloaded into the child: appends every `listen` call to a file, so a
 * test can tell that no port was ever opened, not just none left open.
 */
const LISTEN_HOOK = `
const fs = require("node:fs");
const net = require("node:net");
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  fs.appendFileSync(process.env.LISTEN_LOG, JSON.stringify(args[0] ?? null) + "\\n");
  return listen.apply(this, args);
};
`;

describe("Settings: process start", () => {
  const server = path.join(__dirname, "..", "dist", "server.js");
  let dir: string;
  let hook: string;

  beforeAll(() => {
    if (!existsSync(server))
      throw new Error(`${server} is missing: run npm run build first`);
    dir = mkdtempSync(path.join(os.tmpdir(), "accrue-settings-"));
    hook = path.join(dir, "listenHook.js");
    writeFileSync(hook, LISTEN_HOOK);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs a node with only `env` (plus PATH) and the listen hook. */
  async function run(args: string[], env: Record<string, string>) {
    const listenLog = path.join(dir, `listen-${Math.random()}.log`);
    const child = spawn(process.execPath, ["--require", hook, ...args], {
      env: { PATH: process.env.PATH ?? "", LISTEN_LOG: listenLog, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const code = await new Promise<number | null>((resolve) =>
      child.on("exit", (exitCode) => resolve(exitCode)),
    );
    clearTimeout(timer);
    const listens = existsSync(listenLog)
      ? readFileSync(listenLog, "utf8")
      : "";
    return { code, stdout, stderr, listens };
  }

  test("the listen hook records a port being opened", async () => {
    const result = await run(
      [
        "-e",
        "require('node:net').createServer().listen(0, '127.0.0.1', () => process.exit(0))",
      ],
      {},
    );
    expect(result.code).toBe(0);
    expect(result.listens).not.toBe("");
  });

  test.each([
    ["TICK_MS=10", "TICK_MS", { TICK_MS: "10" }],
    ["PORT=abc", "PORT", { PORT: "abc" }],
    ["TCP_PORT=70000", "TCP_PORT", { TCP_PORT: "70000" }],
    ["ROLE=worker without REDIS_URL", "REDIS_URL", { ROLE: "worker" }],
    [
      "DATABASE_URL without ADMIN_TOKEN",
      "ADMIN_TOKEN",
      { DATABASE_URL: "postgres://u@127.0.0.1:1/db" },
    ],
  ])(
    "%s exits non-zero with one stderr line naming %s, and opens no port",
    async (_title, variable, bad) => {
      const ports = {
        PORT: String(await freePort()),
        TCP_PORT: String(await freePort()),
      };
      const result = await run([server], {
        ...ports,
        DATA_DIR: path.join(dir, "data"),
        ...bad,
      });

      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      const lines = result.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(variable);
      expect(result.listens).toBe("");
      expect(existsSync(path.join(dir, "data"))).toBe(false);
    },
  );
});

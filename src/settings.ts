import { z } from "zod";
import { CHEAPEST_COST } from "./game/catalog";

/**
 * Every process setting Accrue reads from the environment, parsed in one
 * place. The contract's variables come first; the rest are documented
 * extensions (see README, "Configuration").
 */
export type Role = "all" | "frontend" | "worker";

/**
 * A whole number written in decimal digits. Not z.coerce: Number() reads
 * " " as 0 and "0x1F90" as 8080, so a blank PORT would bind a random port.
 */
const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    (value) =>
      typeof value === "string" && /^-?\d{1,16}$/.test(value.trim())
        ? Number(value)
        : value,
    z
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(min, `must be ${min} to ${max}`)
      .max(max, `must be ${min} to ${max}`),
  );

const port = wholeNumber(0, 65535);

const positiveInt = (min: number, max: number) => wholeNumber(min, max);

const url = (protocols: string[]) =>
  z
    .string()
    .min(1, "must not be empty")
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => p + "//").join(" or ")}`,
    );

const settingsSchema = z.object({
  /** HTTP API, pages and WebSocket `/ws`. Default 8080. */
  PORT: port.default(8080),
  /** Raw TCP endpoint (newline-delimited JSON). Default 5000. */
  TCP_PORT: port.default(5000),
  /** Address the client ports bind to. Default `0.0.0.0`. */
  BIND_HOST: z.string().min(1).default("0.0.0.0"),
  /** Postgres connection string; unset means embedded PGlite. */
  DATABASE_URL: url(["postgres:", "postgresql:"]).optional(),
  /** Redis connection string; unset means in-process stand-in (ROLE=all). */
  REDIS_URL: url(["redis:", "rediss:"]).optional(),
  /** What this node does: serve clients, run tasks, or both. */
  ROLE: z.enum(["all", "frontend", "worker"]).default("all"),
  /** Income tick period in milliseconds, 50 to 60000. Default 1000. */
  TICK_MS: positiveInt(50, 60000).default(1000),
  /** Money a new player starts with. Default 100 (buys the cheapest item). */
  SIGNUP_GRANT: positiveInt(1, Number.MAX_SAFE_INTEGER).default(100),
  /** Bearer token for `/api/admin/*`; see README for the unset case. */
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Where embedded state (PGlite data, admin token) lives. */
  DATA_DIR: z.string().min(1).default("./data"),
  /** Session lifetime in seconds, 60 to 1 year. Default 30 days. */
  SESSION_TTL_S: positiveInt(60, 31_536_000).default(2_592_000),
  /**
   * Players settled per tick batch transaction, 100 to 50000. Default 2500:
   * each batch's pushes leave as one burst per front-end, so smaller batches
   * shorten the push latency tail; 2500 kept p99 under 250 ms at 10,000
   * connections where 5000 did not (docs/performance.md).
   */
  TICK_BATCH_SIZE: positiveInt(100, 50_000).default(2_500),
  /**
   * Offline players are settled one slice per tick, so each is written once
   * every this many ticks (their reads are exact regardless). 1 settles
   * everyone every tick. Default 60.
   */
  OFFLINE_SETTLE_TICKS: positiveInt(1, 3600).default(60),
  /** Stable node id; default `<role>-<hostname>-<pid>`. */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be 1 to 64 of A-Z a-z 0-9 _ . : -")
    .optional(),
  /** Log level of the console logger. Default `info`. */
  LOG_LEVEL: z
    .enum(["debug", "info", "notice", "warning", "error", "crit"])
    .default("info"),
  /** Presence and heartbeat expiry in milliseconds, 3000 to 60000. */
  PRESENCE_TTL_MS: positiveInt(3000, 60_000).default(15_000),
  /** Failed logins allowed per username per minute. Default 10. */
  LOGIN_FAILURES_PER_USER: positiveInt(1, 10_000).default(10),
  /** Failed logins allowed per client address per minute. Default 30. */
  LOGIN_FAILURES_PER_ADDRESS: positiveInt(1, 100_000).default(30),
  /** Requests one socket connection may send per second. Default 100. */
  SOCKET_MESSAGES_PER_SECOND: positiveInt(1, 100_000).default(100),
  /** `say` requests one socket connection may send per second. Default 5. */
  SAYS_PER_SECOND: positiveInt(1, 1000).default(5),
  /** Unsent bytes at which a socket is closed as a slow consumer. Default 1 MiB. */
  SOCKET_MAX_BUFFERED_BYTES: positiveInt(128 * 1024, 256 * 1024 * 1024).default(
    1024 * 1024,
  ),
  /** How long a socket may stay behind on pushes before it is closed, ms. */
  SLOW_CLIENT_MS: positiveInt(1000, 600_000).default(10_000),
  /** WebSocket ping period in ms; a client missing one pong is dropped. */
  WS_PING_MS: positiveInt(1000, 600_000).default(30_000),
  /** A TCP connection that sends nothing for this long is closed, ms. */
  TCP_IDLE_MS: positiveInt(1000, 3_600_000).default(300_000),
  /** How often sockets' sessions are re-checked (logout, expiry), ms. */
  SESSION_CHECK_MS: positiveInt(1000, 3_600_000).default(30_000),
  /**
   * How state pushes travel between nodes. `targeted` (default): each node
   * that holds a changed player gets one batched pub/sub message.
   * `broadcast`: a benchmark baseline only, the naive path: one Actionhero
   * `chatRoom.broadcast` per state to room `player:<id>`, which reaches every
   * node (docs/performance.md). Never use it in production.
   */
  PUSH_MODE: z.enum(["targeted", "broadcast"]).default("targeted"),
  /** Public chat rooms, comma-separated names. Default `global,market`. */
  PUBLIC_ROOMS: z
    .string()
    .regex(
      /^[a-z0-9_-]{1,32}(,[a-z0-9_-]{1,32})*$/,
      "must be comma-separated names of a-z 0-9 _ -",
    )
    .default("global,market")
    .transform((value) => value.split(",")),
});

export type Settings = z.infer<typeof settingsSchema> & { role: Role };

/** A setting is missing or wrong; `message` is one line naming it. */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

/**
 * Parses the environment into typed settings, or throws a SettingsError whose
 * message names the first bad variable and what is wrong with it.
 */
export function parseSettings(env: NodeJS.ProcessEnv): Settings {
  const present = Object.fromEntries(
    Object.entries(env).filter(
      ([, value]) => value !== undefined && value !== "",
    ),
  );
  const result = settingsSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue.path[0] ?? "environment");
    throw new SettingsError(
      `${name}=${quote(name, env[name])}: ${issue.message}`,
    );
  }

  const settings = { ...result.data, role: result.data.ROLE };
  if (!settings.REDIS_URL && settings.ROLE !== "all") {
    throw new SettingsError(
      `ROLE=${settings.ROLE} needs REDIS_URL: nodes of a cluster share Redis, ` +
        "and the in-process stand-in only serves ROLE=all",
    );
  }
  if (!settings.DATABASE_URL && settings.ROLE !== "all") {
    throw new SettingsError(
      `ROLE=${settings.ROLE} needs DATABASE_URL: the embedded database belongs to one process`,
    );
  }
  if (settings.SIGNUP_GRANT < CHEAPEST_COST) {
    throw new SettingsError(
      `SIGNUP_GRANT=${settings.SIGNUP_GRANT}: must be at least ${CHEAPEST_COST}, ` +
        "the cost of the cheapest item, so no new player is stuck",
    );
  }
  if (
    !settings.ADMIN_TOKEN &&
    settings.DATABASE_URL &&
    settings.ROLE !== "worker"
  ) {
    throw new SettingsError(
      "ADMIN_TOKEN is unset: a node with a real database serves /api/admin/*, so set a token of 16 or more characters",
    );
  }
  return settings;
}

function quote(name: string, value: string | undefined): string {
  if (value === undefined) return "(unset)";
  // Connection strings and tokens may hold secrets: never echo them.
  if (/URL|TOKEN/.test(name)) return "(hidden)";
  const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
  return JSON.stringify(shown);
}

let current: Settings | undefined;

/** The settings of this process, parsed once from `process.env`. */
export function settings(): Settings {
  current ??= parseSettings(process.env);
  return current;
}

/** Forgets the parsed settings so the next call re-reads the environment. */
export function resetSettings(): void {
  current = undefined;
}

import type { Redis } from "ioredis";
import type { Db } from "../store/db";

/**
 * The live handles of this process, set by initializers and read by actions,
 * tasks and servers. Typed, unlike Actionhero's `api`, and failing loudly
 * when something is read before its initializer ran.
 */
interface Handles {
  db: Db;
  /** General-purpose Redis client (Actionhero's `client` connection). */
  redis: Redis;
  /** The bearer token for `/api/admin/*`. */
  adminToken: string;
  /** Where the database lives, for the start line and `/api/status`. */
  storage: "postgres" | "embedded";
}

const handles: Partial<Handles> = {};

/** Returns a handle, or throws when its initializer has not run. */
export function use<K extends keyof Handles>(name: K): Handles[K] {
  const handle = handles[name];
  if (handle === undefined)
    throw new Error(`runtime handle ${name} is not ready`);
  return handle;
}

/** Sets a handle; only initializers call this. */
export function provide<K extends keyof Handles>(
  name: K,
  value: Handles[K],
): void {
  handles[name] = value;
}

/** Forgets a handle on stop, so a stopped process cannot use it. */
export function withdraw(name: keyof Handles): void {
  delete handles[name];
}

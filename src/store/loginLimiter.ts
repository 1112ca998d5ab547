import type { Redis } from "ioredis";
import { AppError } from "../errors/appError";
import { redisKeys } from "./redisKeys";

const WINDOW_MS = 60_000;

export interface LoginLimits {
  perUser: number;
  perAddress: number;
}

/**
 * Refuses a login attempt when its username or address already failed too
 * often in the current minute (a fixed window per key, started by the
 * first failure). Known limit: checking and counting are separate calls,
 * so failures arriving together can pass the limit by the number in flight
 * (docs/limitations.md).
 */
export async function checkLoginAllowed(
  redis: Redis,
  username: string,
  address: string,
  limits: LoginLimits,
): Promise<void> {
  const [byUser, byAddress] = await redis.mget(
    redisKeys.loginFailuresByUser(username),
    redisKeys.loginFailuresByAddress(address),
  );
  if (Number(byUser ?? 0) >= limits.perUser) {
    throw new AppError(
      "RATE_LIMITED",
      `too many failed logins for this username; wait a minute (limit LOGIN_FAILURES_PER_USER=${limits.perUser})`,
    );
  }
  if (Number(byAddress ?? 0) >= limits.perAddress) {
    throw new AppError(
      "RATE_LIMITED",
      `too many failed logins from this address; wait a minute (limit LOGIN_FAILURES_PER_ADDRESS=${limits.perAddress})`,
    );
  }
}

/** Counts one failed login against the username and the address. */
export async function recordLoginFailure(
  redis: Redis,
  username: string,
  address: string,
): Promise<void> {
  const userKey = redisKeys.loginFailuresByUser(username);
  const addressKey = redisKeys.loginFailuresByAddress(address);
  await redis
    .multi()
    .set(userKey, 0, "PX", WINDOW_MS, "NX")
    .incr(userKey)
    .set(addressKey, 0, "PX", WINDOW_MS, "NX")
    .incr(addressKey)
    .exec();
}

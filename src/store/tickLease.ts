import type { Redis } from "ioredis";
import { redisKeys } from "./redisKeys";

/**
 * The tick scheduler's leader lease: one node at a time decides when ticks
 * are due. The holder renews it well before it lapses; when the holder dies
 * the lease expires and another worker takes it within `ttlMs` plus one
 * renewal period.
 */
const RENEW_OR_TAKE = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

/** Renews the lease for `nodeId` or takes a free one; true when held. */
export async function holdTickLease(
  redis: Redis,
  nodeId: string,
  ttlMs: number,
): Promise<boolean> {
  const held = await redis.eval(
    RENEW_OR_TAKE,
    1,
    redisKeys.tickLeader(),
    nodeId,
    String(ttlMs),
  );
  return held === 1;
}

/** Gives the lease up if `nodeId` holds it, so a stopping node hands over at once. */
export async function releaseTickLease(
  redis: Redis,
  nodeId: string,
): Promise<void> {
  await redis.eval(
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
    1,
    redisKeys.tickLeader(),
    nodeId,
  );
}

import type { Redis } from "ioredis";
import { redisKeys } from "./redisKeys";

/**
 * Presence: which nodes hold each signed-in player's connections, kept as
 * one Redis set of player ids per node. A node adds and removes only its
 * own entries, so a late disconnect on one node never removes the player's
 * presence on another; a node that dies without cleaning up stops
 * heartbeating and its set expires with PRESENCE_TTL_MS.
 */

/** Records that `nodeId` now holds a connection of the player. */
export async function addPresence(
  redis: Redis,
  nodeId: string,
  playerId: number,
  ttlMs: number,
) {
  const key = redisKeys.online(nodeId);
  await redis.multi().sadd(key, playerId).pexpire(key, ttlMs).exec();
}

/** Records that `nodeId` holds no connection of the player any more. */
export async function removePresence(
  redis: Redis,
  nodeId: string,
  playerId: number,
) {
  await redis.srem(redisKeys.online(nodeId), playerId);
}

/**
 * Rewrites a node's whole set from what it really holds, and renews its
 * expiry. Run with every heartbeat, this heals any drift, including a Redis
 * that restarted empty.
 */
export async function rewritePresence(
  redis: Redis,
  nodeId: string,
  playerIds: number[],
  ttlMs: number,
) {
  const key = redisKeys.online(nodeId);
  const tx = redis.multi().del(key);
  for (let i = 0; i < playerIds.length; i += 10_000)
    tx.sadd(key, ...playerIds.slice(i, i + 10_000));
  await tx.pexpire(key, ttlMs).exec();
}

/** Drops a node's set on a clean stop. */
export async function clearPresence(redis: Redis, nodeId: string) {
  await redis.del(redisKeys.online(nodeId));
}

/**
 * Which of `nodeIds` hold each of `playerIds` right now (one round trip).
 * Known limit: every node's set is asked about every player, so the lookup
 * grows with nodes × players (docs/limitations.md, "Cluster").
 */
export async function findHolders(
  redis: Redis,
  nodeIds: string[],
  playerIds: number[],
): Promise<Map<number, string[]>> {
  const holders = new Map<number, string[]>();
  if (nodeIds.length === 0 || playerIds.length === 0) return holders;
  const pipeline = redis.pipeline();
  for (const nodeId of nodeIds)
    pipeline.smismember(redisKeys.online(nodeId), ...playerIds);
  const replies = (await pipeline.exec()) ?? [];
  replies.forEach(([error, flags], n) => {
    if (error) throw error;
    (flags as number[]).forEach((flag, i) => {
      if (flag !== 1) return;
      const list = holders.get(playerIds[i]) ?? [];
      list.push(nodeIds[n]);
      holders.set(playerIds[i], list);
    });
  });
  return holders;
}

/** Every player connected to any of `nodeIds` (one round trip). */
export async function onlinePlayers(
  redis: Redis,
  nodeIds: string[],
): Promise<number[]> {
  if (nodeIds.length === 0) return [];
  const members = await redis.sunion(
    ...nodeIds.map((id) => redisKeys.online(id)),
  );
  return members.map(Number).filter(Number.isSafeInteger);
}

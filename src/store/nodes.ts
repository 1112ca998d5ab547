import type { Redis } from "ioredis";
import { redisKeys } from "./redisKeys";

/** A live node as its heartbeat reports it. */
export interface NodeInfo {
  id: string;
  role: string;
  connections: number;
  players: number;
  heartbeatAt: number;
  /** State pushes this node delivered per second since its last heartbeat. */
  pushesPerSecond: number;
}

/**
 * Writes this node's heartbeat; it expires after `ttlMs`, so a node that
 * dies without saying goodbye leaves the list on its own.
 */
export async function writeHeartbeat(
  redis: Redis,
  info: NodeInfo,
  ttlMs: number,
): Promise<void> {
  const key = redisKeys.node(info.id);
  await redis
    .multi()
    .hset(key, {
      role: info.role,
      connections: info.connections,
      players: info.players,
      heartbeatAt: info.heartbeatAt,
      pushesPerSecond: info.pushesPerSecond,
    })
    .pexpire(key, ttlMs)
    .exec();
}

/** Removes this node's heartbeat on a clean stop. */
export async function removeHeartbeat(
  redis: Redis,
  nodeId: string,
): Promise<void> {
  await redis.del(redisKeys.node(nodeId));
}

/** Every node whose heartbeat has not expired, by id. */
export async function listNodes(redis: Redis): Promise<NodeInfo[]> {
  const keys = await scanAll(redis, redisKeys.nodePattern());
  const nodes: NodeInfo[] = [];
  for (const key of keys) {
    const fields = await redis.hgetall(key);
    if (!fields.role) continue;
    nodes.push({
      id: key.slice(redisKeys.node("").length),
      role: fields.role,
      connections: Number(fields.connections ?? 0),
      players: Number(fields.players ?? 0),
      heartbeatAt: Number(fields.heartbeatAt ?? 0),
      pushesPerSecond: Number(fields.pushesPerSecond ?? 0),
    });
  }
  return nodes.sort((a, b) => a.id.localeCompare(b.id));
}

async function scanAll(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(
      cursor,
      "MATCH",
      pattern,
      "COUNT",
      500,
    );
    found.push(...keys);
    cursor = next;
  } while (cursor !== "0");
  return found;
}

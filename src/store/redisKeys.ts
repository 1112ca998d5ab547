/**
 * Every Redis key Accrue writes, built here under one namespace so keys can
 * be found, counted and expired by pattern (`accrue:*`).
 */
const NAMESPACE = "accrue";

/** The Redis db number of REDIS_URL (`redis://host/3` is 3), default 0. */
function redisDb(): number {
  const url = process.env.REDIS_URL;
  if (!url) return 0;
  try {
    return Number(new URL(url).pathname.slice(1)) || 0;
  } catch {
    return 0;
  }
}

export const redisKeys = {
  /** Failed logins in the current minute, by lower-cased username. */
  loginFailuresByUser: (username: string) =>
    `${NAMESPACE}:loginFailures:user:${username.toLowerCase()}`,
  /** Failed logins in the current minute, by client address. */
  loginFailuresByAddress: (address: string) =>
    `${NAMESPACE}:loginFailures:address:${address}`,
  /** A live node's heartbeat hash. */
  node: (nodeId: string) => `${NAMESPACE}:node:${nodeId}`,
  /** Pattern of every node heartbeat key. */
  nodePattern: () => `${NAMESPACE}:node:*`,
  /** The players one node holds connections of: a set of player ids. */
  online: (nodeId: string) => `${NAMESPACE}:online:${nodeId}`,
  /**
   * Pub/sub channel that carries pushes to one node. Pub/sub is server-wide,
   * not per Redis db, so the db number is part of the name: clusters on
   * different dbs of one Redis server never hear each other.
   */
  nodeChannel: (nodeId: string) => `${NAMESPACE}:push:${redisDb()}:${nodeId}`,
  /** Actionhero's cluster channel (chat, RPC), scoped the same way. */
  clusterChannel: () => `${NAMESPACE}:cluster:${redisDb()}`,
  /** The tick scheduler's leader lease. */
  tickLeader: () => `${NAMESPACE}:tick:leader`,
  /** Figures of the last tick, for stats. */
  tickFigures: () => `${NAMESPACE}:tick:last`,
};

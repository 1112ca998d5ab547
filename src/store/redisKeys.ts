/**
 * Every Redis key Accrue writes, built here under one namespace so keys can
 * be found, counted and expired by pattern (`accrue:*`).
 */
const NAMESPACE = "accrue";

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
  /** Pub/sub channel that carries pushes to one node. */
  nodeChannel: (nodeId: string) => `${NAMESPACE}:push:${nodeId}`,
  /** The tick scheduler's leader lease. */
  tickLeader: () => `${NAMESPACE}:tick:leader`,
  /** Figures of the last tick, for stats. */
  tickFigures: () => `${NAMESPACE}:tick:last`,
};

import Redis from "ioredis";

/**
 * Server-wide Redis counters from INFO: PUBLISH calls (`cmdstat_publish`)
 * and network bytes. They count every client of the server, so another
 * user of the same Redis adds noise; run.ts measures that background rate
 * before the cluster starts and reports it.
 */
export interface RedisCounters {
  at: number;
  publishCalls: number;
  netInputBytes: number;
  netOutputBytes: number;
}

/** Reads the counters now. */
export async function readRedisCounters(redis: Redis): Promise<RedisCounters> {
  const [commands, stats] = await Promise.all([
    redis.info("commandstats"),
    redis.info("stats"),
  ]);
  const publish = /cmdstat_publish:calls=(\d+)/.exec(commands);
  return {
    at: Date.now(),
    publishCalls: Number(publish?.[1] ?? 0),
    netInputBytes: Number(/total_net_input_bytes:(\d+)/.exec(stats)?.[1] ?? 0),
    netOutputBytes: Number(
      /total_net_output_bytes:(\d+)/.exec(stats)?.[1] ?? 0,
    ),
  };
}

/** Counter increase from `a` to `b`, per second. */
export function redisRates(a: RedisCounters, b: RedisCounters) {
  const s = (b.at - a.at) / 1000;
  return {
    seconds: s,
    publishPerSecond: (b.publishCalls - a.publishCalls) / s,
    inBytesPerSecond: (b.netInputBytes - a.netInputBytes) / s,
    outBytesPerSecond: (b.netOutputBytes - a.netOutputBytes) / s,
  };
}

/** Redis's version and process id (INFO server). */
export async function redisServerInfo(
  redis: Redis,
): Promise<{ version: string; pid: number; clients: number }> {
  const server = await redis.info("server");
  const clients = await redis.info("clients");
  return {
    version: /redis_version:(\S+)/.exec(server)?.[1] ?? "unknown",
    pid: Number(/process_id:(\d+)/.exec(server)?.[1] ?? 0),
    clients: Number(/connected_clients:(\d+)/.exec(clients)?.[1] ?? 0),
  };
}

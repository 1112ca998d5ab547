import { settings } from "../settings";

/**
 * Redis clients for Actionhero, node-resque and Accrue. With `REDIS_URL`
 * unset every client is ioredis-mock: one in-process store they all share,
 * which is why only `ROLE=all` may run that way.
 */
export const DEFAULT = {
  redis: () => {
    const { REDIS_URL } = settings();
    const konstructor = REDIS_URL
      ? require("ioredis")
      : require("ioredis-mock");
    const options = {
      // Fail commands fast while Redis is away so actions answer UNAVAILABLE
      // instead of hanging; the client keeps reconnecting in the background.
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      retryStrategy: (times: number) => Math.min(times * 100, 2000),
      // The mock's instances share data only when host and port match.
      ...(REDIS_URL ? {} : { host: "accrue-embedded", port: 6379 }),
    };
    const args = REDIS_URL ? [REDIS_URL, options] : [options];
    const client = () => ({ konstructor, args, buildNew: true });
    return {
      _toExpand: false,
      scanCount: 1000,
      stopTimeout: 100,
      client: client(),
      subscriber: client(),
      tasks: client(),
    };
  },
};

export const test = DEFAULT;

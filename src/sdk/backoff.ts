/** How long to wait between reconnect attempts. */
export interface BackoffOptions {
  /** First delay, milliseconds. Default 100; range >= 0. */
  initialMs: number;
  /** Longest delay, milliseconds. Default 5000; range >= `initialMs`. */
  maxMs: number;
  /**
   * Share of each delay that is random, so that the clients of a drained node
   * do not all come back in the same millisecond. Default 0.5; range 0 to 1
   * (0: exact doubling, 1: anywhere between 0 and the full delay).
   */
  jitter: number;
}

/** Defaults for `BackoffOptions`. */
export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = {
  initialMs: 100,
  maxMs: 5000,
  jitter: 0.5,
};

/**
 * Delay before reconnect attempt number `attempt` (0 for the first):
 * `initialMs * 2^attempt`, capped at `maxMs`, minus a random share of up to
 * `jitter` of it.
 *
 * @param random source in [0, 1); injectable for tests
 * @returns milliseconds, an integer >= 0
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  // Cap the exponent first: 2 ** 1100 is Infinity and would poison the min.
  const exponent = Math.min(attempt, 30);
  const base = Math.min(options.maxMs, options.initialMs * 2 ** exponent);

  return Math.max(0, Math.round(base * (1 - options.jitter * random())));
}

/**
 * Fills in the defaults and checks ranges.
 *
 * @throws RangeError on a value out of range
 */
export function resolveBackoff(
  options: Partial<BackoffOptions> = {},
): BackoffOptions {
  const initialMs = options.initialMs ?? DEFAULT_BACKOFF.initialMs;
  const maxMs = options.maxMs ?? Math.max(DEFAULT_BACKOFF.maxMs, initialMs);
  const jitter = options.jitter ?? DEFAULT_BACKOFF.jitter;

  if (!(initialMs >= 0)) throw new RangeError("backoff.initialMs must be >= 0");
  if (!(maxMs >= initialMs)) {
    throw new RangeError("backoff.maxMs must be >= backoff.initialMs");
  }
  if (!(jitter >= 0 && jitter <= 1)) {
    throw new RangeError("backoff.jitter must be between 0 and 1");
  }

  return { initialMs, maxMs, jitter };
}

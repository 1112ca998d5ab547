/**
 * Counts events in fixed one-second windows. Cheap enough to keep one per
 * connection and action class; the burst at a window edge is at most twice
 * the limit, which is fine for abuse protection.
 */
export class RateLimiter {
  private windowStart = 0;
  private count = 0;

  constructor(
    /** Events allowed per second. */
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one event; false when it is over the limit. */
  take(): boolean {
    const now = this.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count += 1;
    return this.count <= this.perSecond;
  }
}

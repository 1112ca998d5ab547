/** Samples kept for the offset estimate: about a minute of states. */
const CLOCK_SAMPLES = 60;

/**
 * The server's clock as seen from here. Every state or welcome carries a
 * server time that had already passed when it arrived, so the largest
 * `serverTime - localArrival` seen lately is the offset, short by at most
 * one delivery delay. Interpolating slightly behind never overshoots.
 */
export class ServerClock {
  private samples: number[] = [];

  /** Records a server timestamp that arrived just now. */
  sample(serverMs: number, localMs = Date.now()): void {
    this.samples.push(serverMs - localMs);
    if (this.samples.length > CLOCK_SAMPLES) this.samples.shift();
  }

  /** Server time now, ms since the epoch. */
  now(localMs = Date.now()): number {
    if (this.samples.length === 0) return localMs;
    return localMs + Math.max(...this.samples);
  }
}

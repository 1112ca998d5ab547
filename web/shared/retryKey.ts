/**
 * Idempotency keys for money actions. A request that got no answer may
 * still have moved money, so pressing the button again reuses its key and
 * the server returns the first result instead of charging twice. Any
 * answer, or different parameters, starts a new key.
 */
export class RetryKey {
  private last: { fingerprint: string; key: string } | undefined;

  /** The key for a request with these parameters. */
  for(params: object): string {
    const fingerprint = JSON.stringify(params);
    if (this.last?.fingerprint !== fingerprint) {
      this.last = { fingerprint, key: randomKey() };
    }
    return this.last.key;
  }

  /** The server answered (either way): the next request gets a new key. */
  answered(): void {
    this.last = undefined;
  }
}

/** 32 hex digits; getRandomValues works on plain http, randomUUID may not. */
function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Progress output of a bench run on stderr, and a plain sleep. */

const t0 = Date.now();

/** A progress line on stderr, stamped with seconds since the run started. */
export function log(message: string): void {
  const elapsed = ((Date.now() - t0) / 1000).toFixed(1).padStart(5);
  process.stderr.write(`bench ${elapsed} s: ${message}\n`);
}

/** Resolves after `ms` (at once when `ms` is not positive). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/**
 * Order statistics for the benchmark's figures: exact, from all samples or
 * from integer histograms (value -> count), never from running averages.
 */

/** min / median / p99 / max (and mean) of a set of samples. */
export interface Summary {
  n: number;
  min: number;
  median: number;
  p99: number;
  max: number;
  mean: number;
}

/** An integer histogram: value (e.g. milliseconds) -> how many samples. */
export type Histogram = Map<number, number>;

/** Summarises samples; all fields are NaN when there are none. */
export function summarize(values: number[]): Summary {
  if (values.length === 0) return emptySummary();
  const sorted = Float64Array.from(values).sort();
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    min: sorted[0],
    median: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1],
    mean: sum / sorted.length,
  };
}

/** Summarises an integer histogram exactly. */
export function summarizeHistogram(histogram: Histogram): Summary {
  const entries = [...histogram].sort((a, b) => a[0] - b[0]);
  const n = entries.reduce((total, [, count]) => total + count, 0);
  if (n === 0) return emptySummary();
  const sum = entries.reduce(
    (total, [value, count]) => total + value * count,
    0,
  );
  return {
    n,
    min: entries[0][0],
    median: rankValue(entries, Math.ceil(0.5 * n)),
    p99: rankValue(entries, Math.ceil(0.99 * n)),
    max: entries[entries.length - 1][0],
    mean: sum / n,
  };
}

/** Adds `from` into `into`. */
export function mergeHistogram(
  into: Histogram,
  from: Iterable<[number, number]>,
): void {
  for (const [value, count] of from)
    into.set(value, (into.get(value) ?? 0) + count);
}

/** Rounds every number of a summary to `digits` decimals, for reports. */
export function rounded(summary: Summary, digits = 1): Summary {
  const f = 10 ** digits;
  const r = (x: number) => (Number.isFinite(x) ? Math.round(x * f) / f : x);
  return {
    n: summary.n,
    min: r(summary.min),
    median: r(summary.median),
    p99: r(summary.p99),
    max: r(summary.max),
    mean: r(summary.mean),
  };
}

/** Nearest-rank quantile of sorted samples (q in 0..1). */
function quantile(sorted: Float64Array, q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

/** The value at 1-based `rank` in sorted histogram entries. */
function rankValue(entries: [number, number][], rank: number): number {
  let seen = 0;
  for (const [value, count] of entries) {
    seen += count;
    if (seen >= rank) return value;
  }
  return entries[entries.length - 1][0];
}

function emptySummary(): Summary {
  return { n: 0, min: NaN, median: NaN, p99: NaN, max: NaN, mean: NaN };
}

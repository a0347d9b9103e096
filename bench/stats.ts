/** Small statistics for the benchmark: medians of repeated runs, percentiles of latencies. */
export const median = (values: readonly number[]): number => percentile(values, 50);

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when there are none. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  if (p === 50 && sorted.length % 2 === 0) return (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
};

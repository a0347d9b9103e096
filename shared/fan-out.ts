export interface FanOutOptions {
  /** How many items are worked on at once. */
  readonly concurrency: number;
  /** Time left in this invocation (Lambda's `getRemainingTimeInMillis`); no new item starts once it falls below `reserveMs`. */
  readonly timeLeftMs?: () => number;
  /** Kept for finishing the items already started and for reporting. @default 15_000 */
  readonly reserveMs?: number;
}

export interface FanOutResult<T> {
  readonly failed: readonly { readonly item: T; readonly error: unknown }[];
  /** Items not started because time ran out: the caller's retry picks them up. */
  readonly left: readonly T[];
}

/**
 * Works through `items` a few at a time, each failure kept rather than thrown so one item's
 * trouble does not hold back the others, and stops starting new items when the invocation's time
 * runs short. Meant for idempotent work (a retry redoes nothing that is done).
 */
export const fanOut = async <T>(items: readonly T[], options: FanOutOptions, work: (item: T) => Promise<void>): Promise<FanOutResult<T>> => {
  const reserveMs = options.reserveMs ?? 15_000;
  const failed: { item: T; error: unknown }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      if (options.timeLeftMs && options.timeLeftMs() < reserveMs) return;
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failed.push({ item, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, worker));
  return { failed, left: items.slice(next) };
};

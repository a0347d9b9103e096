import { DAY_MS } from '#shared/clock.js';

interface Timer {
  readonly at: number;
  readonly fire: () => void;
  cancelled: boolean;
}

/**
 * The local clock: domain code reads it instead of the wall clock, waits and task timeouts are
 * timers on it, and `advance` walks through them in order, letting the system settle after each.
 */
export class LocalClock {
  private timers: Timer[] = [];
  private busy = 0;
  /** Work started while other work was running (a request a handler made): something may still be in flight. */
  private nestedStarts = 0;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  /** A promise that resolves once the clock reaches `at`, and a way to drop it. */
  sleepUntil(at: number): { promise: Promise<void>; cancel: () => void } {
    let fire!: () => void;
    const promise = new Promise<void>((resolve) => {
      fire = resolve;
    });
    const timer: Timer = { at, fire, cancelled: false };
    this.timers.push(timer);
    return {
      promise,
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Wraps work the system is doing, so `settle` knows when it is quiet. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy > 0) this.nestedStarts += 1;
    this.busy += 1;
    try {
      return await work();
    } finally {
      this.busy -= 1;
    }
  }

  /** Resolves when nothing has been running for a little while (handlers, requests, callbacks). */
  async settle(maxMs = 120_000): Promise<void> {
    const started = Date.now();
    let quietChecks = 0;
    while (quietChecks < 6) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      quietChecks = this.busy === 0 ? quietChecks + 1 : 0;
      if (Date.now() - started > maxMs) throw new Error(`The local system did not settle within ${maxMs} ms.`);
    }
  }

  /**
   * Moves the clock forward, firing each timer at its own instant and calling `onNewDay` at each
   * daily tick instant (07:00 Asia/Ho_Chi_Minh = 00:00 UTC) on the way; settles after each.
   */
  async advance(ms: number, onNewDay: (dayStartMs: number) => Promise<void>): Promise<void> {
    const target = this.current + ms;
    await this.settle();
    for (;;) {
      this.timers = this.timers.filter((timer) => !timer.cancelled);
      const nextTimer = this.timers.reduce<number>((min, timer) => Math.min(min, timer.at), Number.POSITIVE_INFINITY);
      const nextDay = Math.floor(this.current / DAY_MS) * DAY_MS + DAY_MS;
      const next = Math.min(nextTimer, nextDay);
      if (next > target) break;
      this.current = Math.max(this.current, next);
      const nestedBefore = this.nestedStarts;
      if (next === nextDay && nextDay <= nextTimer) {
        await onNewDay(nextDay);
      }
      const due = this.timers.filter((timer) => timer.at <= this.current);
      this.timers = this.timers.filter((timer) => timer.at > this.current);
      for (const timer of due) timer.fire();
      // A quiet day (the tick ran to its end, started nothing and no timer fired) leaves nothing in
      // flight: skipping the settle lets a test live through five years of ticks in seconds.
      if (due.length > 0 || this.nestedStarts !== nestedBefore) await this.settle();
    }
    this.current = target;
    await this.settle();
  }
}

import type { FanOutResult } from './fan-out.js';
import { logger } from './observability.js';

/**
 * Every program's plan falls due on 1 December and its review on 15 December, so that day's tick
 * starts a stage for each active program (~2,000): sixteen at a time keeps it to seconds, well
 * under Step Functions' StartExecution rate and DynamoDB's on-demand ceiling.
 */
export const TICK_CONCURRENCY = 16;

/** Emails go out a few at a time: SES's sending rate (14 a second in a new account) is the limit, and the client backs off on throttling. */
export const TICK_EMAIL_CONCURRENCY = 4;

export interface TickBudget {
  /** The invocation's time left: the tick stops starting work before Lambda's timeout and fails, so its retry goes on. */
  readonly timeLeftMs?: () => number;
}

/** Fails the tick if any item failed or was left for lack of time: EventBridge's retry redoes only what is not done. */
export const throwForTickRetry = <T>(what: string, total: number, { failed, left }: FanOutResult<T>, nameOf: (item: T) => string) => {
  for (const { item, error } of failed) logger.error(`Not all ${what} went through`, { item: nameOf(item), error: error as Error });
  if (failed.length === 0 && left.length === 0) return;
  const which = failed.length > 0 ? ` (${failed.map(({ item }) => nameOf(item)).join(', ')})` : '';
  throw new Error(`Of ${total} ${what}, ${failed.length} failed${which} and ${left.length} were left for lack of time; the tick is retried.`);
};

import type { Tally } from './local-harness.js';

/** The prices the issue names (us-east-1-like list prices, no free tier). */
export const PRICES = {
  stepFunctionsPerTransition: 0.025 / 1000,
  dynamoDbPerWriteUnit: 0.625 / 1_000_000,
  dynamoDbPerReadUnit: 0.125 / 1_000_000,
  lambdaPerRequest: 0.2 / 1_000_000,
  lambdaArmPerGbSecond: 0.0000133334,
  sesPerEmail: 0.1 / 1000,
} as const;

export interface CostBreakdown {
  readonly stepFunctions: number;
  readonly dynamoDb: number;
  readonly lambda: number;
  readonly ses: number;
  readonly total: number;
  readonly counts: {
    readonly transitions: number;
    readonly invocations: number;
    readonly gbSeconds: number;
    readonly readUnits: number;
    readonly writeUnits: number;
    readonly requests: number;
    readonly emails: number;
  };
}

/**
 * What a stretch of local running would cost in AWS: the transitions, invocations (each billed for
 * the wall time it took here, rounded up to the millisecond, at the function's memory), capacity
 * units and emails counted between two tallies.
 */
export const costBetween = (before: Tally, after: Tally, memoryMb: number): CostBreakdown => {
  let invocations = 0;
  let gbSeconds = 0;
  for (const [name, tally] of Object.entries(after.invocations)) {
    const earlier = before.invocations[name] ?? { count: 0, ms: 0 };
    const count = tally.count - earlier.count;
    invocations += count;
    gbSeconds += ((tally.ms - earlier.ms + count) / 1000) * (memoryMb / 1024);
  }
  const transitions = after.transitions - before.transitions;
  const readUnits = after.dynamodb.readUnits - before.dynamodb.readUnits;
  const writeUnits = after.dynamodb.writeUnits - before.dynamodb.writeUnits;
  const emails = after.emails - before.emails;
  const stepFunctions = transitions * PRICES.stepFunctionsPerTransition;
  const dynamoDb = readUnits * PRICES.dynamoDbPerReadUnit + writeUnits * PRICES.dynamoDbPerWriteUnit;
  const lambda = invocations * PRICES.lambdaPerRequest + gbSeconds * PRICES.lambdaArmPerGbSecond;
  const ses = emails * PRICES.sesPerEmail;
  return {
    stepFunctions,
    dynamoDb,
    lambda,
    ses,
    total: stepFunctions + dynamoDb + lambda + ses,
    counts: { transitions, invocations, gbSeconds, readUnits, writeUnits, requests: after.dynamodb.requests - before.dynamodb.requests, emails },
  };
};

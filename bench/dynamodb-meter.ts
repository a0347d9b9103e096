import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

interface Capacity {
  readonly CapacityUnits?: number;
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
}

/** What the handlers asked of DynamoDB between two readings: requests by operation, capacity units read and written. */
export interface DynamoDbUsage {
  readonly requests: number;
  readonly byOperation: Readonly<Record<string, number>>;
  readonly readUnits: number;
  readonly writeUnits: number;
}

const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand', 'TransactGetItemsCommand']);

/**
 * Counts every request the system's document client sends (the client boundary: retries the SDK
 * makes inside one call are not counted again) and sums the capacity DynamoDB reports for it
 * (`ReturnConsumedCapacity: TOTAL` is added to each request). Reads and writes are told apart by
 * operation, since DynamoDB Local reports only `CapacityUnits` for most of them.
 */
export class DynamoDbMeter {
  private requests = 0;
  private readonly byOperation: Record<string, number> = {};
  private readUnits = 0;
  private writeUnits = 0;

  attach(client: DynamoDBDocumentClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = String(context.commandName ?? 'unknown');
        (args.input as Record<string, unknown>).ReturnConsumedCapacity ??= 'TOTAL';
        const result = await next(args);
        this.requests += 1;
        if (process.env.BENCH_TRACE_DYNAMODB) console.log('[dynamodb]', operation, describe(args.input as Record<string, unknown>));
        this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
        const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
        for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
          const read = entry.ReadCapacityUnits ?? (READS.has(operation) ? (entry.CapacityUnits ?? 0) : 0);
          const write = entry.WriteCapacityUnits ?? (READS.has(operation) ? 0 : (entry.CapacityUnits ?? 0));
          this.readUnits += read;
          this.writeUnits += write;
        }
        return result;
      },
      { step: 'initialize', name: 'benchDynamoDbMeter', override: true },
    );
  }

  reading(): DynamoDbUsage {
    return { requests: this.requests, byOperation: { ...this.byOperation }, readUnits: this.readUnits, writeUnits: this.writeUnits };
  }

  /** The usage of `work`, measured as the difference of two readings (nothing else may run meanwhile). */
  async measure(work: () => Promise<void>): Promise<DynamoDbUsage> {
    const before = this.reading();
    await work();
    return difference(this.reading(), before);
  }
}

export const difference = (after: DynamoDbUsage, before: DynamoDbUsage): DynamoDbUsage => {
  const byOperation: Record<string, number> = {};
  for (const [operation, count] of Object.entries(after.byOperation)) {
    const delta = count - (before.byOperation[operation] ?? 0);
    if (delta > 0) byOperation[operation] = delta;
  }
  return {
    requests: after.requests - before.requests,
    byOperation,
    readUnits: round(after.readUnits - before.readUnits),
    writeUnits: round(after.writeUnits - before.writeUnits),
  };
};

const round = (value: number) => Math.round(value * 10) / 10;

/** One line per request when BENCH_TRACE_DYNAMODB is set: which items a request touched, to see where requests go. */
const describe = (input: Record<string, unknown>): string => {
  const keyOf = (key: unknown) => {
    const k = key as { pk?: { S?: string } | string; sk?: { S?: string } | string } | undefined;
    const text = (v: unknown) => (typeof v === 'string' ? v : ((v as { S?: string } | undefined)?.S ?? '?'));
    return k ? `${text(k.pk)}|${text(k.sk)}` : '';
  };
  if (input.Key) return keyOf(input.Key);
  if (input.Item) return keyOf(input.Item);
  if (input.TransactItems) {
    return (input.TransactItems as Record<string, { Key?: unknown; Item?: unknown }>[])
      .map((entry) => Object.entries(entry).map(([kind, body]) => `${kind}:${keyOf(body.Key ?? body.Item)}`).join(''))
      .join(' ; ');
  }
  if (input.KeyConditionExpression) return `${String(input.IndexName ?? 'table')} ${JSON.stringify(input.ExpressionAttributeValues)}`;
  return Object.keys(input).join(',');
};

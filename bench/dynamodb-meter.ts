import { AsyncLocalStorage } from 'node:async_hooks';
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
  /** Items the reads returned (a query's matches, a batch's items). */
  readonly itemsRead: number;
}

/** Requests made inside `DynamoDbMeter.within` (and whatever that work awaits), counted apart. */
export class RequestTally {
  requests = 0;
  itemsRead = 0;
  readUnits = 0;
  writeUnits = 0;
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
  private itemsRead = 0;
  private readonly attributed = new AsyncLocalStorage<RequestTally>();

  /** Runs `work`, counting in `tally` the requests it makes itself (not those of executions it starts: they run elsewhere). */
  within<T>(tally: RequestTally, work: () => Promise<T>): Promise<T> {
    return this.attributed.run(tally, work);
  }

  attach(client: DynamoDBDocumentClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = String(context.commandName ?? 'unknown');
        (args.input as Record<string, unknown>).ReturnConsumedCapacity ??= 'TOTAL';
        const result = await next(args);
        this.requests += 1;
        if (process.env.BENCH_TRACE_DYNAMODB) console.log('[dynamodb]', operation, describe(args.input as Record<string, unknown>));
        this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
        const output = result.output as { ConsumedCapacity?: Capacity | Capacity[]; Item?: unknown; Count?: number; Responses?: Record<string, unknown[]> };
        const items = (output.Item ? 1 : 0) + (output.Count ?? 0) + Object.values(output.Responses ?? {}).reduce((sum, found) => sum + found.length, 0);
        this.itemsRead += items;
        let read = 0;
        let write = 0;
        const consumed = output.ConsumedCapacity;
        for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
          read += entry.ReadCapacityUnits ?? (READS.has(operation) ? (entry.CapacityUnits ?? 0) : 0);
          write += entry.WriteCapacityUnits ?? (READS.has(operation) ? 0 : (entry.CapacityUnits ?? 0));
        }
        this.readUnits += read;
        this.writeUnits += write;
        const tally = this.attributed.getStore();
        if (tally) {
          tally.requests += 1;
          tally.itemsRead += items;
          tally.readUnits += read;
          tally.writeUnits += write;
        }
        return result;
      },
      { step: 'initialize', name: 'benchDynamoDbMeter', override: true },
    );
  }

  reading(): DynamoDbUsage {
    return { requests: this.requests, byOperation: { ...this.byOperation }, readUnits: this.readUnits, writeUnits: this.writeUnits, itemsRead: this.itemsRead };
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
    itemsRead: after.itemsRead - before.itemsRead,
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

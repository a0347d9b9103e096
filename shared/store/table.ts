import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient, QueryCommandInput, TransactWriteCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient, documentSdk } from '#shared/clients.js';
import { nowMs } from '#shared/clock.js';
import { config } from '#shared/env.js';
import { type SubjectRef, subjectPartition } from '#shared/subject-ref.js';

export type Item = Record<string, unknown>;
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Key layout of the single table. Every access pattern is a key or an index query; nothing scans. */
export const keys = {
  organization: (id: string) => ({ pk: `ORG#${id}`, sk: 'ORG' }),
  official: (id: string) => ({ pk: `OFFICIAL#${id}`, sk: 'OFFICIAL' }),
  program: (id: string) => ({ pk: `PROGRAM#${id}`, sk: 'PROGRAM' }),
  programVersion: (id: string, version: number) => ({
    pk: `PROGRAM#${id}`,
    sk: `VERSION#${String(version).padStart(4, '0')}`,
  }),
  /** A human step, under its subject; its id starts with its stage's id. */
  step: (subject: SubjectRef, stepId: string) => ({ pk: subjectPartition(subject), sk: `STEP#${stepId}` }),
  /** A stage instance (`<kind>-<instance>`, e.g. `cosign-1`, `annual_plan-2023`): its status, round and execution. */
  stage: (subject: SubjectRef, stageId: string) => ({ pk: subjectPartition(subject), sk: `STAGE#${stageId}` }),
  /** One digest per official per day: the claim that today's was sent. */
  digest: (officialId: string, date: string) => ({ pk: `OFFICIAL#${officialId}`, sk: `DIGEST#${date}` }),
  /** One weekly digest of late steps per lead focal point per day: the claim that it is sent (a retried tick skips it). */
  weeklyDigest: (officialId: string, date: string) => ({ pk: `OFFICIAL#${officialId}`, sk: `WEEKLY_DIGEST#${date}` }),
  milestone: (programId: string, dueDate: string, kind: string) => ({
    pk: `PROGRAM#${programId}`,
    sk: `MILESTONE#${dueDate}#${kind}`,
  }),
  /** A subordinate unit of a program's cascade (named by its lead organisation): the child program it got. */
  cascadeUnit: (programId: string, unitOrganizationId: string) => ({ pk: `PROGRAM#${programId}`, sk: `CASCADE#${unitOrganizationId}` }),
  /** One weekly cascade digest per program per day: the claim that it was sent. */
  cascadeDigest: (programId: string, date: string) => ({ pk: `PROGRAM#${programId}`, sk: `CASCADE_DIGEST#${date}` }),
  /** An inspection plan: its own subject, so its stage, steps and trail share this partition. */
  inspection: (id: string) => ({ pk: subjectPartition({ type: 'inspection', id }), sk: 'INSPECTION' }),
  /** What an inspection keeps per visit (`FINDINGS`, `REMEDIATION#<n>`, `NOTICE#…`, `WAIT`), under the plan's partition. */
  inspectionVisit: (inspectionId: string, visitId: string, what: string) => ({ pk: subjectPartition({ type: 'inspection', id: inspectionId }), sk: `VISIT#${visitId}#${what}` }),
  /** One official booked on one day by an inspection: the key itself makes a second booking of that day fail. */
  memberBooking: (officialId: string, date: string) => ({ pk: `BOOKING#MEMBER#${officialId}`, sk: date }),
  /** One inspection visit to a unit, under its first day; the unit's lock item sits beside its bookings. */
  unitBooking: (organizationId: string, start: string) => ({ pk: `BOOKING#UNIT#${organizationId}`, sk: start }),
  unitBookingLock: (organizationId: string) => ({ pk: `BOOKING#UNIT#${organizationId}`, sk: 'LOCK' }),
};

/** The sort-key prefixes of the item collections under a subject's partition. */
export const collections = { version: 'VERSION#', milestone: 'MILESTONE#', event: 'EVENT#', step: 'STEP#', stage: 'STAGE#', cascadeUnit: 'CASCADE#', visit: 'VISIT#' } as const;

/** Index `byPerson`: open steps by assignee (oldest first) and officials by email address. */
export const pendingIndexKeys = (assigneeId: string, openedAt: string) => ({
  gsi1pk: `PENDING#${assigneeId}`,
  gsi1sk: openedAt,
});
export const emailIndexKeys = (email: string, officialId: string) => ({
  gsi1pk: `EMAIL#${email.toLowerCase()}`,
  gsi1sk: `OFFICIAL#${officialId}`,
});
/** Index `byDueDate`: milestones by the Vietnamese calendar day they fall due. */
export const dueDateIndexKeys = (dueDate: string, programId: string, kind: string) => ({
  gsi2pk: `DUE#${dueDate}`,
  gsi2sk: `${programId}#${kind}`,
});

/**
 * Index `byDueDate` also lists the steps past their due date, under one partition sorted by who
 * watches them (the lead focal point): the weekly digest reads only these, never the table.
 */
export const lateIndexKeys = (watcherId: string, dueAt: string, stepKey: { pk: string; sk: string }) => ({
  gsi2pk: 'LATE',
  gsi2sk: `${watcherId}#${dueAt}#${stepKey.pk}#${stepKey.sk}`,
});

/** Index `byDueDate` also lists an organisation's subordinate units, by kind (the directory's tree, read by cascades). */
export const childrenIndexKeys = (parentId: string, kind: string, organizationId: string) => ({
  gsi2pk: `CHILDREN#${parentId}`,
  gsi2sk: `${kind}#${organizationId}`,
});
/** Index `byDueDate` also lists a unit's officials (a cascade finds the unit's head and focal point there). */
export const staffIndexKeys = (organizationId: string, officialId: string) => ({
  gsi2pk: `STAFF#${organizationId}`,
  gsi2sk: officialId,
});

/** Index `byDueDate` also lists every inspection plan by its first visit day (the staff's calendar). */
export const inspectionListKeys = (plan: { id: string; firstDay: string }) => ({
  gsi2pk: 'INSPECTIONS',
  gsi2sk: `${plan.firstDay}#${plan.id}`,
});

/** Index `byDueDate` also lists every program, newest last, under one partition (staff's overview). */
export const programListKeys = (program: { id: string; createdAt: string }) => ({
  gsi2pk: 'PROGRAMS',
  gsi2sk: `${program.createdAt}#${program.id}`,
});

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'type'];
export const withoutKeys = <T extends Item>(item: T): Item =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.includes(name)));

let eventSequence = 0;

/** Thin wrapper over the document client that knows the table name and the audit-event layout. */
export class Store {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const { GetCommand } = documentSdk();
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return result.Item;
  }

  /**
   * Reads several items in one request (BatchGetItem, consistent, up to 100 keys a request), in the
   * order of `itemKeys`, `undefined` where absent; what DynamoDB leaves unprocessed is asked for again.
   */
  async getMany(itemKeys: readonly { pk: string; sk: string }[]): Promise<(Item | undefined)[]> {
    const idOf = (key: { pk: string; sk: string }) => `${key.pk}\u0000${key.sk}`;
    const unique = [...new Map(itemKeys.map((key) => [idOf(key), { pk: key.pk, sk: key.sk }])).values()];
    if (unique.length <= 1) {
      const item = unique[0] && (await this.get(unique[0]));
      return itemKeys.map(() => item);
    }
    const { BatchGetCommand } = documentSdk();
    const found = new Map<string, Item>();
    for (let start = 0; start < unique.length; start += 100) {
      let wanted: Record<string, unknown>[] = unique.slice(start, start + 100);
      for (let attempt = 0; wanted.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
        if (attempt > 8) throw new Error(`DynamoDB left ${wanted.length} reads unprocessed after ${attempt} attempts.`);
        const result = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: wanted, ConsistentRead: true } } }));
        for (const item of result.Responses?.[this.tableName] ?? []) found.set(idOf(item as { pk: string; sk: string }), item);
        wanted = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return itemKeys.map((key) => found.get(idOf(key)));
  }

  async put(item: Item, condition?: string): Promise<void> {
    const { PutCommand } = documentSdk();
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: condition }));
  }

  /** Puts many items, 25 a request (BatchWriteItem), retrying what DynamoDB leaves unprocessed. */
  async batchPut(items: Item[]): Promise<void> {
    for (let start = 0; start < items.length; start += 25) {
      let requests = items.slice(start, start + 25).map((item) => ({ PutRequest: { Item: item } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
        if (attempt > 8) throw new Error(`DynamoDB left ${requests.length} writes unprocessed after ${attempt} attempts.`);
        const { BatchWriteCommand } = documentSdk();
        const result = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = (result.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }

  async update(input: Omit<UpdateCommandInput, 'TableName'>): Promise<Item | undefined> {
    const { UpdateCommand } = documentSdk();
    const result = await this.client.send(new UpdateCommand({ ...input, TableName: this.tableName }));
    return result.Attributes;
  }

  async query(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const { QueryCommand } = documentSdk();
    const items: Item[] = [];
    let startKey: QueryCommandInput['ExclusiveStartKey'];
    do {
      const page = await this.client.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  async queryPartition(pk: string, skPrefix: string): Promise<Item[]> {
    return this.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
      ConsistentRead: true,
    });
  }

  /**
   * Writes all or nothing. A transaction cancelled only because another one held an item
   * (`TransactionConflict`) is tried again after a short, jittered pause: the SDK does not retry
   * cancellations, and without this an official's click racing a reminder's token handoff would
   * get the error page. A lost condition is never retried; it means the state has moved on.
   */
  async transact(items: TransactItem[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { TransactWriteCommand } = documentSdk();
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isTransactionConflict(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * 2 ** attempt));
      }
    }
  }

  /** The transaction item that appends one audit event to a subject's trail (a program's, given its id). */
  auditEvent(subject: SubjectRef | string, event: AuditEventInput): TransactItem {
    const pk = typeof subject === 'string' ? `PROGRAM#${subject}` : subjectPartition(subject);
    const at = new Date(nowMs()).toISOString();
    eventSequence = (eventSequence + 1) % 1_000_000;
    const unique = `${process.pid.toString(36)}${eventSequence.toString(36).padStart(4, '0')}${Math.random().toString(36).slice(2, 6)}`;
    return {
      Put: {
        TableName: this.tableName,
        Item: { pk, sk: `EVENT#${at}#${unique}`, type: 'event', at, ...event },
      },
    };
  }

  async recordEvent(subject: SubjectRef | string, event: AuditEventInput): Promise<void> {
    await this.transact([this.auditEvent(subject, event)]);
  }
}

export interface AuditEventInput {
  readonly kind: string;
  readonly actorId?: string;
  readonly stepId?: string;
  readonly detail?: Item;
  readonly comment?: string;
}

const TRANSACTION_ATTEMPTS = 4;

/** Cancelled only by conflicting transactions (or throttling) on its items, none of its conditions having failed. */
// By name: the SDK is loaded on first use (shared/clients.ts), so its error classes are not imported here.
const isTransactionCanceled = (error: unknown): error is TransactionCanceledException =>
  error instanceof Error && error.name === 'TransactionCanceledException';

const isTransactionConflict = (error: unknown): boolean => {
  if (!isTransactionCanceled(error)) return false;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  return codes.some((code) => code !== 'None') && codes.every((code) => ['None', 'TransactionConflict', 'ThrottlingError'].includes(code));
};

/**
 * A transaction item that changes an item only if nobody changed it since it was read (optimistic
 * locking on `lock`), bumping the lock and `updatedAt`. Changes whose value is undefined are left out.
 */
export const lockedUpdate = (db: Store, key: { pk: string; sk: string }, lock: number, changes: Record<string, unknown>): TransactItem => {
  const names: Record<string, string> = { '#lock': 'lock', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':expected': lock, ':one': 1, ':updatedAt': new Date(nowMs()).toISOString() };
  const sets = ['#lock = #lock + :one', '#updatedAt = :updatedAt'];
  Object.entries(JSON.parse(JSON.stringify(changes)) as Record<string, unknown>).forEach(([name, value], index) => {
    names[`#c${index}`] = name;
    values[`:c${index}`] = value;
    sets.push(`#c${index} = :c${index}`);
  });
  return {
    Update: {
      TableName: db.tableName,
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: '#lock = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};

/** True when a write lost a condition check, alone or inside a transaction. */
export const isConditionFailure = (error: unknown): boolean => {
  if (isTransactionCanceled(error)) {
    return (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed');
  }
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
};

let defaultStore: Store | undefined;
export const store = (): Store => {
  defaultStore ??= new Store(documentClient(), config.tableName());
  return defaultStore;
};

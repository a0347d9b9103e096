import * as z from 'zod/mini';
import { NotFoundError } from '#shared/errors.js';
import { readPolicy } from '#shared/policy.js';
import { collections, inspectionListKeys, keys, lockedUpdate, type Store, type TransactItem, withoutKeys } from './table.js';

/*
 * Inspection plans as the table holds them (`INSPECTION` under the plan's own subject, with what
 * each visit keeps beside it): their shapes, their parsing on read, and their conditional writes.
 */

/** The roles on an interagency inspection team, as the plan's decision names them. */
export const memberRoles = ['truong_doan', 'pho_doan', 'thanh_vien', 'thu_ky'] as const;
export type MemberRole = (typeof memberRoles)[number];
const storedAgency = z.looseObject({
  organizationId: z.string(),
  focalPointId: z.string(),
  status: z.enum(['pending', 'confirmed']),
  /** The round of its confirmation step: one more after a substitute was refused. */
  round: z._default(z.int(), 1),
  confirmedAt: z.optional(z.string()),
  confirmedBy: z.optional(z.string()),
  /** Why the last proposed substitute was not accepted; the next request says it. */
  refusal: z.optional(z.object({ reason: z.string(), at: z.string() })),
});
const storedMember = z.looseObject({
  officialId: z.string(),
  organizationId: z.string(),
  role: z.enum(memberRoles),
  /** The member this one replaced, when their agency proposed a substitute. */
  replaces: z.optional(z.string()),
});
const storedVisit = z.looseObject({
  id: z.string(),
  organizationId: z.string(),
  start: z.string(),
  end: z.string(),
  place: z.optional(z.string()),
  headId: z.string(),
  focalPointId: z.string(),
  status: z.enum(['scheduled', 'cancelled', 'completed']),
  /** The invite's SEQUENCE: 0 first, one more at each reschedule or cancellation. */
  sequence: z.int(),
});
const storedInspection = z.looseObject({
  id: z.string(),
  title: z.string(),
  leadOrganizationId: z.string(),
  programIds: z._default(z.array(z.string()), []),
  agencies: z.array(storedAgency),
  members: z.array(storedMember),
  visits: z.array(storedVisit),
  status: z.enum(['confirming', 'confirmed', 'completed', 'cancelled']),
  reminderPolicy: z.pipe(
    z.unknown(),
    z.transform((stored) => readPolicy(stored)),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
  lock: z.int(),
});
export type Inspection = z.infer<typeof storedInspection>;
export type Agency = z.infer<typeof storedAgency>;
export type Member = z.infer<typeof storedMember>;
export type Visit = z.infer<typeof storedVisit>;
export type InspectionStatus = Inspection['status'];

export const inspectionFromItem = (item: Record<string, unknown>): Inspection => storedInspection.parse(item);

/** First and last day of the plan's visits that still take place (all of them when every one is cancelled). */
export const planSpan = (visits: readonly Pick<Visit, 'start' | 'end' | 'status'>[]) => {
  const live = visits.filter((visit) => visit.status !== 'cancelled');
  const counted = live.length > 0 ? live : visits;
  return {
    firstDay: counted.map((v) => v.start).sort()[0] ?? '',
    lastDay:
      counted
        .map((v) => v.end)
        .sort()
        .reverse()[0] ?? '',
  };
};

export const storedFindings = z.looseObject({
  visitId: z.string(),
  findings: z.string(),
  recommendations: z.array(z.object({ number: z.int(), text: z.string(), responsibleUnit: z.string(), deadline: z.string() })),
  submittedBy: z.string(),
  submittedAt: z.string(),
});
export type Findings = z.infer<typeof storedFindings>;

export const storedRemediation = z.looseObject({
  visitId: z.string(),
  number: z.int(),
  report: z.string(),
  completedOn: z.optional(z.string()),
  reportedBy: z.string(),
  reportedAt: z.string(),
  late: z.boolean(),
});
export type Remediation = z.infer<typeof storedRemediation>;

export const getInspection = async (db: Store, inspectionId: string): Promise<Inspection> => {
  const item = await db.get(keys.inspection(inspectionId));
  if (!item) throw new NotFoundError('Inspection', inspectionId);
  return inspectionFromItem(withoutKeys(item));
};

/**
 * A change to the plan that holds only if nobody changed it since it was read (optimistic lock),
 * keeping its place in the staff's calendar (index `byDueDate`) in step with its visits.
 */
export interface InspectionChanges {
  readonly status?: Inspection['status'];
  readonly agencies?: readonly Agency[];
  readonly members?: readonly Member[];
  readonly visits?: readonly Visit[];
}

export const inspectionChange = (db: Store, inspection: Inspection, changes: InspectionChanges): TransactItem => {
  const all: Record<string, unknown> = { ...changes };
  if (changes.visits) {
    const { firstDay, lastDay } = planSpan(changes.visits);
    Object.assign(all, { firstDay, lastDay, ...inspectionListKeys({ id: inspection.id, firstDay }) });
  }
  return lockedUpdate(db, keys.inspection(inspection.id), inspection.lock, all);
};

/** Every visit's findings and remediation reports (one query on the plan's partition). */
export const visitRecords = async (db: Store, inspectionId: string) => {
  const items = await db.queryPartition(keys.inspection(inspectionId).pk, collections.visit);
  const findings = new Map<string, Findings>();
  const remediation = new Map<string, Remediation[]>();
  for (const item of items) {
    const sk = String(item.sk);
    if (sk.endsWith('#FINDINGS')) {
      const parsed = storedFindings.parse(withoutKeys(item));
      findings.set(parsed.visitId, parsed);
    } else if (sk.includes('#REMEDIATION#')) {
      const parsed = storedRemediation.parse(withoutKeys(item));
      remediation.set(parsed.visitId, [...(remediation.get(parsed.visitId) ?? []), parsed]);
    }
  }
  return { findings, remediation };
};

export const getFindings = async (db: Store, inspectionId: string, visitId: string): Promise<Findings | undefined> => {
  const item = await db.get(keys.inspectionVisit(inspectionId, visitId, 'FINDINGS'));
  return item ? storedFindings.parse(withoutKeys(item)) : undefined;
};

export const remediationKey = (inspectionId: string, visitId: string, number: number) =>
  keys.inspectionVisit(inspectionId, visitId, `REMEDIATION#${String(number).padStart(3, '0')}`);

/** The write that creates a plan, in the staff's calendar by its first visit day, only while its id is free. */
export const newInspectionWrite = (db: Store, inspection: Inspection): TransactItem => {
  const { firstDay, lastDay } = planSpan(inspection.visits);
  return {
    Put: {
      TableName: db.tableName,
      Item: JSON.parse(JSON.stringify({ ...keys.inspection(inspection.id), ...inspectionListKeys({ id: inspection.id, firstDay }), type: 'inspection', firstDay, lastDay, ...inspection })),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
};

/**
 * The plans whose first visit day falls between two days (one query on the plans' index), those
 * whose last day is before `endingFrom` left out.
 */
export const listInspectionsStarting = async (db: Store, low: string, high: string, endingFrom: string): Promise<Inspection[]> => {
  const index = inspectionListKeys({ id: '', firstDay: '' });
  const items = await db.query({
    IndexName: 'byDueDate',
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :low AND :high',
    ExpressionAttributeValues: { ':pk': index.gsi2pk, ':low': low, ':high': high },
  });
  return items.filter((item) => String(item.lastDay) >= endingFrom).map((item) => inspectionFromItem(withoutKeys(item)));
};

/** The write of a visit's findings, once. */
export const findingsWrite = (db: Store, inspectionId: string, findings: Findings): TransactItem => ({
  Put: {
    TableName: db.tableName,
    Item: { ...keys.inspectionVisit(inspectionId, findings.visitId, 'FINDINGS'), type: 'findings', ...findings },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** The write of the remediation report on one recommendation, once. */
export const remediationWrite = (db: Store, inspectionId: string, report: Remediation & { onBehalfOf?: string }): TransactItem => ({
  Put: {
    TableName: db.tableName,
    Item: JSON.parse(JSON.stringify({ ...remediationKey(inspectionId, report.visitId, report.number), type: 'remediation', ...report })),
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** The notices already recorded about a visit, by `<key>#<recipient>` (one query on the plan's partition). */
export const listNoticeKeys = async (db: Store, inspectionId: string, visitId: string): Promise<Set<string>> => {
  const prefix = `${collections.visit}${visitId}#NOTICE#`;
  const items = await db.queryPartition(keys.inspection(inspectionId).pk, prefix);
  return new Set(items.map((item) => String(item.sk).slice(prefix.length)));
};

/** The record of a notice about a visit: sent (its message id) or skipped. */
const noticeItem = (inspectionId: string, visitId: string, recordKey: string, what: { messageId: string } | { skipped: true }) => ({
  ...keys.inspectionVisit(inspectionId, visitId, `NOTICE#${recordKey}`),
  type: 'notice',
  ...what,
});

export const noticeWrite = (db: Store, inspectionId: string, visitId: string, recordKey: string, what: { messageId: string } | { skipped: true }): TransactItem => ({
  Put: { TableName: db.tableName, Item: noticeItem(inspectionId, visitId, recordKey, what) },
});

export const putNotice = async (db: Store, inspectionId: string, visitId: string, recordKey: string, what: { messageId: string } | { skipped: true }): Promise<void> => {
  await db.put(noticeItem(inspectionId, visitId, recordKey, what));
};

/** Parks the task token of the stage's wait on a visit (`VISIT#<id>#WAIT`). */
export const parkVisitWait = async (db: Store, inspectionId: string, visitId: string, taskToken: string, sequence: number): Promise<void> => {
  await db.put({ ...keys.inspectionVisit(inspectionId, visitId, 'WAIT'), type: 'visit_wait', taskToken, sequence });
};

/** The task token parked on a visit, if any. */
export const parkedVisitToken = async (db: Store, inspectionId: string, visitId: string): Promise<string | undefined> => {
  const parked = await db.get(keys.inspectionVisit(inspectionId, visitId, 'WAIT'));
  return typeof parked?.taskToken === 'string' ? parked.taskToken : undefined;
};

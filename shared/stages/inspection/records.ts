import { NotFoundError } from '#shared/errors.js';
import { collections, inspectionListKeys, keys, lockedUpdate, type Store, type TransactItem, withoutKeys } from '#shared/store/table.js';
import { type Agency, type Findings, type Inspection, type Member, inspectionFromItem, planSpan, type Remediation, storedFindings, storedRemediation, type Visit } from './model.js';

export const getInspection = async (db: Store, inspectionId: string): Promise<Inspection> => {
  const item = await db.get(keys.inspection(inspectionId));
  if (!item) throw new NotFoundError('Inspection', inspectionId);
  return inspectionFromItem(withoutKeys(item));
};

export const findVisit = (inspection: Inspection, visitId: string): Visit => {
  const visit = inspection.visits.find((v) => v.id === visitId);
  if (!visit) throw new NotFoundError('Visit', `${inspection.id}/${visitId}`);
  return visit;
};

/** The visit of a unit (a plan visits each unit once): steps name their visit by the inspected unit. */
export const visitOfUnit = (inspection: Inspection, organizationId: string): Visit => {
  const visit = inspection.visits.find((v) => v.organizationId === organizationId);
  if (!visit) throw new NotFoundError('Visit', `${inspection.id}/unit ${organizationId}`);
  return visit;
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

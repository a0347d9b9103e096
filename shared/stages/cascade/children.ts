import { createHash } from 'node:crypto';
import { nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import type { ContentItem, Program, ProgramVersion } from '#shared/programs/model.js';
import { newProgramWrites } from '#shared/store/programs.js';
import { type CascadeUnitRecord, newCascadeUnitWrite } from '#shared/store/cascade-units.js';
import { isConditionFailure } from '#shared/store/table.js';
import type { CascadeUnit } from './units.js';

/**
 * Execution names keep a subject id's first 56 characters (shared/stages/executions.ts): a child id
 * must be unique within them, or two units' co-sign executions would share a name.
 */
const MAX_CHILD_ID = 56;

/** Deterministic per parent program and unit, so a retried cascade finds the program it created. */
export const childProgramIdFor = (parentId: string, unitOrganizationId: string): string => {
  const plain = `${parentId}--${unitOrganizationId}`;
  if (plain.length <= MAX_CHILD_ID) return plain;
  const hash = createHash('sha256').update(plain).digest('hex').slice(0, 12);
  return `${unitOrganizationId.slice(0, MAX_CHILD_ID - hash.length - 1)}-${hash}`;
};

export { type CascadeUnitRecord, getCascadeUnit, listCascadeUnits } from '#shared/store/cascade-units.js';

const joinNames = (names: readonly string[]) => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} và ${names.at(-1)}`);

/** The unit's draft: the parent's period, objectives and content items, each item with its party's counterpart in the unit. */
export const childDraft = (parent: Program, unit: CascadeUnit, at: string): Program => {
  const id = childProgramIdFor(parent.id, unit.lead.id);
  const contentItems: ContentItem[] = parent.contentItems.map((item) => ({
    text: item.text,
    responsibleOrganizationId: unit.counterparts[item.responsibleOrganizationId] ?? unit.lead.id,
  }));
  const { startYear, endYear } = parent.period;
  return JSON.parse(
    JSON.stringify({
      id,
      title: `Chương trình phối hợp thực hiện công tác dân vận giai đoạn ${startYear}–${endYear} giữa ${joinNames(unit.parties.map((p) => unit.names[p.organizationId] ?? p.organizationId))}`,
      leadOrganizationId: unit.lead.id,
      period: parent.period,
      parties: unit.parties,
      contentItems,
      objectives: parent.objectives,
      reminderPolicy: parent.reminderPolicy,
      // Inherited, so the unit's program directs its own subordinate units in turn (province → district → commune).
      cascade: parent.cascade,
      parentProgramId: parent.id,
      status: 'draft',
      documentVersion: 1,
      lock: 1,
      signatures: {},
      createdAt: at,
      updatedAt: at,
    }),
  ) as Program;
};

/**
 * Creates the unit's draft program once: the program, its first version, the parent's record of
 * the unit and both audit events in one transaction, on condition that neither the program nor
 * the record exists. A retried plan (or two at once) finds them and creates nothing.
 */
export const createChildProgram = async (deps: Deps, parent: Program, unit: CascadeUnit): Promise<{ programId: string; created: boolean }> => {
  const { db } = deps;
  const at = new Date(nowMs()).toISOString();
  const child = childDraft(parent, unit, at);
  const version: ProgramVersion = JSON.parse(
    JSON.stringify({
      version: 1,
      title: child.title,
      contentItems: child.contentItems,
      objectives: child.objectives,
      createdAt: at,
      createdBy: 'system',
      note: `Điền sẵn từ chương trình cấp trên “${parent.title}”.`,
    }),
  );
  const unitRecord: CascadeUnitRecord = { unitOrganizationId: unit.lead.id, programId: child.id, createdAt: at, locality: unit.lead.locality };
  try {
    await db.transact([
      ...newProgramWrites(db, child, version, { actorId: 'system', detail: { parentProgramId: parent.id } }),
      newCascadeUnitWrite(db, parent.id, unitRecord),
      db.auditEvent(parent.id, { kind: 'cascade_unit_created', actorId: 'system', detail: { unitOrganizationId: unit.lead.id, programId: child.id } }),
    ]);
    return { programId: child.id, created: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { programId: child.id, created: false };
  }
};

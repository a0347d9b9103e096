import { NotFoundError } from './errors.js';
import { readPolicy, type ReminderPolicy } from './policy.js';
import { watcherOf } from '#shared/stages/inspection/model.js';
import { getInspection } from '#shared/stages/inspection/records.js';
import { getProgramRecord } from '#shared/store/programs.js';
import type { Store } from '#shared/store/table.js';
import type { SubjectRef } from './subject-ref.js';

export { programSubject, type SubjectRef, subjectPartition, type SubjectType, subjectTypes } from './subject-ref.js';

/** What the step machinery needs to know of a subject to ask, remind and escalate. */
export interface SubjectFacts {
  readonly ref: SubjectRef;
  readonly title: string;
  /** The document's version, where the subject is a document people review. */
  readonly documentVersion?: number;
  readonly leadOrganizationId: string;
  /** The lead party's focal point: told at the first rung, gets the weekly digest of late steps. */
  readonly watcherId?: string;
  /** Every party's focal point (whose digest is on by default). */
  readonly focalPointIds: readonly string[];
  readonly policy: ReminderPolicy;
}

export const loadSubject = async (db: Store, ref: SubjectRef): Promise<SubjectFacts> => {
  if (ref.type === 'inspection') {
    const inspection = await getInspection(db, ref.id);
    return {
      ref,
      title: inspection.title,
      leadOrganizationId: inspection.leadOrganizationId,
      watcherId: watcherOf(inspection),
      focalPointIds: inspection.agencies.map((agency) => agency.focalPointId),
      policy: inspection.reminderPolicy,
    };
  }
  if (ref.type !== 'program') throw new NotFoundError('Subject', `${ref.type}/${ref.id}`);
  const program = await getProgramRecord(db, ref.id);
  return {
    ref,
    title: program.title,
    documentVersion: program.documentVersion,
    leadOrganizationId: program.leadOrganizationId,
    watcherId: program.parties.find((party) => party.organizationId === program.leadOrganizationId)?.focalPointId,
    focalPointIds: program.parties.map((party) => party.focalPointId),
    policy: readPolicy(program.reminderPolicy),
  };
};

import { NotFoundError } from './errors.js';
import { readPolicy, type ReminderPolicy } from './policy.js';
import { getProgramRecord } from '#shared/store/programs.js';
import type { Store } from '#shared/store/table.js';
import type { SubjectRef, SubjectType } from './subject-ref.js';

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

/** Reads the facts of one type of subject; registered by the stage that owns the type (programs are the core's own). */
export type SubjectLoader = (db: Store, ref: SubjectRef) => Promise<SubjectFacts>;

const loadProgram: SubjectLoader = async (db, ref) => {
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

const loaders = new Map<SubjectType, SubjectLoader>([['program', loadProgram]]);

export const registerSubjectType = (type: SubjectType, loader: SubjectLoader): void => {
  loaders.set(type, loader);
};

/** The subject types this process (or bundle) can load. */
export const registeredSubjectTypes = (): string[] => [...loaders.keys()].sort();

export const loadSubject = async (db: Store, ref: SubjectRef): Promise<SubjectFacts> => {
  const loader = loaders.get(ref.type);
  if (!loader) throw new NotFoundError('Subject', `${ref.type}/${ref.id}`);
  return loader(db, ref);
};

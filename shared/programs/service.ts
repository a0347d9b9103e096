import { nowMs } from '#shared/clock.js';
import { newId } from '#shared/directory.js';
import { ConflictError, ValidationError } from '#shared/errors.js';
import { officialExists, organizationExists } from '#shared/store/directory.js';
import { isConditionFailure, type Store } from '#shared/store/table.js';
import { defaultReminderPolicy } from '#shared/policy.js';
import { parseInput } from '#shared/validation.js';
import { type Program, programInput, type ProgramVersion } from './model.js';
import { newProgramWrites, programExists } from '#shared/store/programs.js';

const requireExisting = async (exists: Promise<boolean>, path: string, what: string, id: string) => {
  if (!(await exists)) throw new ValidationError(`The ${what} '${id}' does not exist.`, [{ path, message: `unknown ${what}` }]);
};

/** Creates a draft program (version 1) after checking every organization and official it names. */
export const createProgram = async (db: Store, body: unknown): Promise<Program> => {
  const input = parseInput(programInput, body, 'program');
  for (const [index, party] of input.parties.entries()) {
    await requireExisting(organizationExists(db, party.organizationId), `parties.${index}.organizationId`, 'organization', party.organizationId);
    for (const role of ['focalPointId', 'reviewerId', 'signatoryId'] as const) {
      await requireExisting(officialExists(db, party[role]), `parties.${index}.${role}`, 'official', party[role]);
    }
  }
  if (input.previousProgramId) {
    await requireExisting(programExists(db, input.previousProgramId), 'previousProgramId', 'program', input.previousProgramId);
  }
  const at = new Date(nowMs()).toISOString();
  const program: Program = {
    ...input,
    id: input.id ?? newId('prog'),
    reminderPolicy: input.reminderPolicy ?? defaultReminderPolicy,
    status: 'draft',
    documentVersion: 1,
    lock: 1,
    signatures: {},
    createdAt: at,
    updatedAt: at,
  };
  const version: ProgramVersion = {
    version: 1,
    title: program.title,
    contentItems: program.contentItems,
    objectives: program.objectives,
    createdAt: at,
    createdBy: input.parties.find((party) => party.organizationId === input.leadOrganizationId)?.focalPointId,
  };
  try {
    await db.transact(newProgramWrites(db, program, version));
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError(`A program with id '${program.id}' already exists.`);
    throw error;
  }
  return program;
};


import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { nowMs } from '../clock.js';
import { newId } from '../directory.js';
import { ConflictError, ValidationError } from '../errors.js';
import { isConditionFailure, keys, programListKeys, type Store, withoutKeys } from '../store.js';
import { defaultReminderPolicy } from '../steps/model.js';
import { listSteps } from '../steps/queries.js';
import { parseInput } from '../validation.js';
import { type Program, programInput, type ProgramVersion } from './model.js';
import { getProgramRecord, listVersions, programChange } from './records.js';

const requireExisting = async (db: Store, key: { pk: string; sk: string }, path: string, what: string, id: string) => {
  if (!(await db.get(key))) throw new ValidationError(`The ${what} '${id}' does not exist.`, [{ path, message: `unknown ${what}` }]);
};

/** Creates a draft program (version 1) after checking every organization and official it names. */
export const createProgram = async (db: Store, body: unknown): Promise<Program> => {
  const input = parseInput(programInput, body, 'program');
  for (const [index, party] of input.parties.entries()) {
    await requireExisting(db, keys.organization(party.organizationId), `parties.${index}.organizationId`, 'organization', party.organizationId);
    for (const role of ['focalPointId', 'reviewerId', 'signatoryId'] as const) {
      await requireExisting(db, keys.official(party[role]), `parties.${index}.${role}`, 'official', party[role]);
    }
  }
  if (input.previousProgramId) {
    await requireExisting(db, keys.program(input.previousProgramId), 'previousProgramId', 'program', input.previousProgramId);
  }
  const at = new Date(nowMs()).toISOString();
  const program: Program = {
    ...input,
    id: input.id ?? newId('prog'),
    reminderPolicy: input.reminderPolicy ?? defaultReminderPolicy,
    status: 'draft',
    documentVersion: 1,
    round: 0,
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
    await db.transact([
      {
        Put: {
          TableName: db.tableName,
          Item: { ...keys.program(program.id), ...programListKeys(program), type: 'program', ...program },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: db.tableName, Item: { ...keys.programVersion(program.id, 1), type: 'version', ...version } } },
      db.auditEvent(program.id, { kind: 'program_created', detail: { status: 'draft', documentVersion: 1 } }),
    ]);
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError(`A program with id '${program.id}' already exists.`);
    throw error;
  }
  return program;
};

/** Execution names are deterministic, so a retried submit can never start the stage twice. */
export const draftAndCosignExecutionName = (programId: string): string => `${programId.slice(0, 60)}-draft-and-cosign`;

export const submitProgram = async (db: Store, sfn: SFNClient, stateMachineArn: string, programId: string) => {
  const program = await getProgramRecord(db, programId);
  const name = draftAndCosignExecutionName(programId);
  if (program.status !== 'draft' || (program.stageExecution && program.stageExecution !== name)) {
    throw new ConflictError(`Program '${programId}' is ${program.status}; only a draft that is not yet submitted can be submitted.`);
  }
  if (!program.stageExecution) {
    try {
      // The lock check fails if anything changed since the draft was read above: a concurrent submit included.
      await db.transact([
        programChange(db, program, { stageExecution: name, submittedAt: new Date(nowMs()).toISOString() }),
        db.auditEvent(programId, { kind: 'program_submitted', detail: { documentVersion: program.documentVersion } }),
      ]);
    } catch (error) {
      if (isConditionFailure(error)) throw new ConflictError(`Program '${programId}' was submitted already.`);
      throw error;
    }
  }
  try {
    await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify({ programId }) }));
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
  return { id: programId, status: 'submitted', execution: name };
};

const publicStep = (step: Record<string, unknown>) => {
  // A saved form draft is the official's unfinished text, not yet an opinion: staff see only that one exists.
  const { taskToken: _hidden, formDraft, ...rest } = withoutKeys(step) as Record<string, unknown> & { formDraft?: { savedAt: string } };
  return formDraft ? { ...rest, formDraftSavedAt: formDraft.savedAt } : rest;
};

/** The program as staff see it: status, versions, signatures, milestones and open steps with due dates. */
export const getProgramView = async (db: Store, programId: string) => {
  const program = await getProgramRecord(db, programId);
  const [versions, steps, milestones] = await Promise.all([
    listVersions(db, programId),
    listSteps(db, programId),
    db.queryPartition(`PROGRAM#${programId}`, 'MILESTONE#'),
  ]);
  return {
    ...program,
    versions,
    openSteps: steps.filter((step) => step.status === 'open').map((step) => publicStep(step as never)),
    decidedSteps: steps.filter((step) => step.status === 'decided').map((step) => publicStep(step as never)),
    milestones: milestones.map((item) => withoutKeys(item)),
  };
};

export const listProgramEvents = async (db: Store, programId: string) => {
  await getProgramRecord(db, programId);
  return (await db.queryPartition(`PROGRAM#${programId}`, 'EVENT#')).map((item) => withoutKeys(item));
};

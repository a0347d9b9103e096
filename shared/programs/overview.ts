import { DescribeExecutionCommand, ExecutionDoesNotExist, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { nowMs } from '../clock.js';
import { ConflictError } from '../errors.js';
import { isConditionFailure, type Store, withoutKeys } from '../store.js';
import { parseInput } from '../validation.js';
import type { Program, ProgramStatus } from './model.js';
import { getProgramRecord, programChange } from './records.js';
import { draftAndCosignExecutionName } from './service.js';

const statuses = ['draft', 'in_review', 'signing', 'active', 'closed', 'cancelled'] as const;
const listQuery = z.strictObject({ status: z.enum(statuses, { message: `must be one of ${statuses.join(', ')}` }).optional() });

/** Every program, oldest first, optionally of one status: what central staff follow. */
export const listPrograms = async (db: Store, query: unknown) => {
  const { status } = parseInput(listQuery, query ?? {}, 'query');
  const items = await db.query({
    IndexName: 'byDueDate',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': 'PROGRAMS' },
  });
  const programs = items.map((item) => withoutKeys(item) as unknown as Program).filter((p) => !status || p.status === status);
  return programs.map(({ id, title, status: s, leadOrganizationId, period, documentVersion, round, signedAt, updatedAt }) => ({
    id,
    title,
    status: s,
    leadOrganizationId,
    period,
    documentVersion,
    round,
    signedAt,
    updatedAt,
  }));
};

const RESUMABLE: readonly ProgramStatus[] = ['draft', 'in_review', 'signing'];

/**
 * Starts the stage again where the program stands, after its execution failed or (locally) was
 * lost in a restart. Refused while the recorded execution still runs, so two executions never
 * drive one program.
 */
export const resumeStage = async (db: Store, sfn: SFNClient, stateMachineArn: string, programId: string) => {
  const program = await getProgramRecord(db, programId);
  if (!program.stageExecution || !RESUMABLE.includes(program.status)) {
    throw new ConflictError(`Program '${programId}' is ${program.status} and has no stage to resume.`);
  }
  const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${program.stageExecution}`;
  try {
    const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (status === 'RUNNING') throw new ConflictError(`The stage of program '${programId}' is still running (${program.stageExecution}).`);
  } catch (error) {
    if (!(error instanceof ExecutionDoesNotExist)) throw error;
  }
  const resumes = (program.resumes ?? 0) + 1;
  const name = `${draftAndCosignExecutionName(programId)}-resume-${resumes}`;
  try {
    // The lock check fails if anything changed since the program was read: a concurrent resume included.
    await db.transact([
      programChange(db, program, { stageExecution: name, resumes }),
      db.auditEvent(programId, { kind: 'stage_resumed', detail: { execution: name, status: program.status, at: new Date(nowMs()).toISOString() } }),
    ]);
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError(`The stage of program '${programId}' was resumed by someone else just now.`);
    throw error;
  }
  await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify({ programId }) }));
  return { id: programId, status: 'resumed', execution: name };
};

import { stepFunctionsSdk } from '#shared/clients.js';
import { nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { requireEnv } from '#shared/env.js';
import { ConflictError } from '#shared/errors.js';
import { isConditionFailure, type TransactItem } from '#shared/store/table.js';
import type { SubjectRef } from '#shared/subject-ref.js';
import { getStageRecord, listStageRecords, newStage, stageChange, stageIdOf, type StageRecord } from '#shared/store/stages.js';

/** Each stage kind's state machine ARN, handed to the functions that start it by the stage-machine construct. */
export const stageMachineArn = (stageKind: string): string => requireEnv(`STATE_MACHINE_ARN_${stageKind.toUpperCase()}`);

/** Deterministic, so a retried start, or a tick run twice, can never start a stage twice. */
export const executionNameFor = (subject: SubjectRef, stageId: string): string => `${subject.id.slice(0, 56)}-${stageId}`.slice(0, 80);

/** What every stage execution receives. */
export const stageInput = (subject: SubjectRef, stageId: string) => ({ subjectType: subject.type, subjectId: subject.id, stageId });

const executionArn = (stateMachineArn: string, name: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

/**
 * Starts a stage instance once: its record is created (with any writes that go with it) only if
 * absent, then the execution is started under a deterministic name. A retry after either step
 * finds the record and the execution and starts nothing new.
 */
export const startStage = async (
  deps: Deps,
  subject: SubjectRef,
  stageKind: string,
  instance: string,
  withWrites: TransactItem[] = [],
  existing?: StageRecord,
): Promise<{ stageId: string; execution: string; started: boolean }> => {
  const stageId = stageIdOf(stageKind, instance);
  const name = executionNameFor(subject, stageId);
  let started = !existing;
  if (existing && existing.execution !== name) throw new ConflictError(`The stage ${stageId} of ${subject.type} '${subject.id}' has started already.`);
  if (!existing) try {
    await deps.db.transact([
      newStage(deps.db, subject, stageKind, instance, name),
      deps.db.auditEvent(subject, { kind: 'stage_started', detail: { stageId, execution: name } }),
      ...withWrites,
    ]);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const existing = await getStageRecord(deps.db, subject, stageId);
    if (!existing || existing.execution !== name) throw new ConflictError(`The stage ${stageId} of ${subject.type} '${subject.id}' has started already.`);
    started = false;
  }
  try {
    const { StartExecutionCommand } = stepFunctionsSdk();
    await deps.sfn().send(new StartExecutionCommand({ stateMachineArn: stageMachineArn(stageKind), name, input: JSON.stringify(stageInput(subject, stageId)) }));
  } catch (error) {
    // By name: the SDK loads on first use (shared/clients.ts), its error classes are not imported.
    if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
  }
  return { stageId, execution: name, started };
};

/**
 * Stops a stage's recorded execution, as StopExecution does: what it waited for is never answered.
 * One that ended already, or never started, is left as it is.
 */
export const stopExecution = async (deps: Deps, stage: StageRecord): Promise<void> => {
  const { StopExecutionCommand } = stepFunctionsSdk();
  try {
    await deps.sfn().send(
      new StopExecutionCommand({ executionArn: executionArn(stageMachineArn(stage.stageKind), stage.execution), error: 'StageEnded', cause: 'Its subject ended' }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ExecutionDoesNotExist') throw error;
  }
};

const isRunning = async (deps: Deps, stage: StageRecord): Promise<boolean> => {
  try {
    const { DescribeExecutionCommand } = stepFunctionsSdk();
    const { status } = await deps.sfn().send(new DescribeExecutionCommand({ executionArn: executionArn(stageMachineArn(stage.stageKind), stage.execution) }));
    return status === 'RUNNING';
  } catch (error) {
    if ((error as Error).name === 'ExecutionDoesNotExist') return false;
    throw error;
  }
};

/**
 * Starts a stage again where its record says it stands, after its execution failed or was lost
 * (locally, in a restart). Refused while the recorded execution still runs, so two executions
 * never drive one stage; the lock check refuses a concurrent resume.
 */
export const resumeStage = async (deps: Deps, subject: SubjectRef, stage: StageRecord) => {
  if (stage.status !== 'running') throw new ConflictError(`The stage ${stage.stageId} of '${subject.id}' is ${stage.status}; there is nothing to resume.`);
  if (await isRunning(deps, stage)) throw new ConflictError(`The stage ${stage.stageId} of '${subject.id}' is still running (${stage.execution}).`);
  const resumes = stage.resumes + 1;
  const name = `${executionNameFor(subject, stage.stageId).slice(0, 68)}-resume-${resumes}`;
  try {
    await deps.db.transact([
      stageChange(deps.db, subject, stage, { execution: name, resumes }),
      deps.db.auditEvent(subject, { kind: 'stage_resumed', detail: { stageId: stage.stageId, execution: name, at: new Date(nowMs()).toISOString() } }),
    ]);
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError(`The stage ${stage.stageId} of '${subject.id}' was resumed by someone else just now.`);
    throw error;
  }
  const { StartExecutionCommand } = stepFunctionsSdk();
  await deps.sfn().send(new StartExecutionCommand({ stateMachineArn: stageMachineArn(stage.stageKind), name, input: JSON.stringify(stageInput(subject, stage.stageId)) }));
  return { stageId: stage.stageId, execution: name };
};

/** Resumes every stage of a subject whose execution is gone; `409` when none needs it. */
export const resumeStages = async (deps: Deps, subject: SubjectRef, stageId?: string) => {
  const stages = (await listStageRecords(deps.db, subject)).filter((s) => s.status === 'running' && (!stageId || s.stageId === stageId));
  if (stageId && stages.length === 0) throw new ConflictError(`'${subject.id}' has no running stage ${stageId} to resume.`);
  const resumed = [];
  for (const stage of stages) if (!(await isRunning(deps, stage))) resumed.push(await resumeStage(deps, subject, stage));
  if (resumed.length === 0) {
    throw new ConflictError(
      stages.length === 0 ? `'${subject.id}' has no stage to resume: none was started, or every one has finished.` : `Every stage of '${subject.id}' is still running (${stages.map((s) => s.execution).join(', ')}).`,
    );
  }
  return resumed;
};

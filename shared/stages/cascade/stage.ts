import { nowMs, vietnamDisplayDate } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import type { Program } from '#shared/programs/model.js';
import { getProgramRecord } from '#shared/store/programs.js';
import { executionNameFor, startStage } from '#shared/stages/lifecycle/executions.js';
import { getStageRecord, stageChange } from '#shared/store/stages.js';
import { completeStepBySystem } from '#shared/steps/complete.js';
import { programSubject } from '#shared/subject-ref.js';
import { createChildProgram, listCascadeUnits } from './children.js';
import { CASCADE_ROUND, CASCADE_STAGE, cascadeStepId, PREPARE_PROGRAM } from './names.js';
import { findUnits } from './units.js';
import type { Assignment } from '#shared/steps/model.js';

const DEFAULT_DUE_IN_WORKING_DAYS = 60;

/**
 * Starts the program's cascade stage once. A retried activation finds the record and the execution
 * under the same name and starts nothing new; a cascade resumed since runs under another name and is
 * left to run.
 */
export const startCascade = async (deps: Deps, program: Program): Promise<void> => {
  const subject = programSubject(program.id);
  const existing = await getStageRecord(deps.db, subject, CASCADE_STAGE.id);
  if (existing && existing.execution !== executionNameFor(subject, CASCADE_STAGE.id)) return;
  await startStage(deps, subject, CASCADE_STAGE.kind, CASCADE_STAGE.instance, [], existing);
};

/**
 * What a program's activation starts besides its milestones: a unit's program completes its
 * parent's cascade step, and a program that asks for a cascade directs its own units.
 */
export const afterActivation = async (deps: Deps, program: Program): Promise<void> => {
  if (program.parentProgramId) await completeParentStep(deps, program);
  if (program.cascade) await startCascade(deps, program);
};

/** The unit's program is signed: its cascade step under the parent completes, decided by the system. */
const completeParentStep = async (deps: Deps, program: Program) => {
  const signedMs = Date.parse(program.signedAt ?? '') || nowMs();
  await completeStepBySystem(deps, programSubject(program.parentProgramId!), cascadeStepId(program.leadOrganizationId), {
    outcome: 'signed',
    action: 'signed',
    comment: `Chương trình “${program.title}” đã được các bên ký kết ngày ${vietnamDisplayDate(signedMs)}.`,
    fields: { programId: program.id, signedAt: program.signedAt },
  });
};

/**
 * The cascade's first task: gives the stage its due date (the program's `cascade.dueInWorkingDays`
 * for the cascade steps, on the stage record), creates each unit's draft program once, and asks the
 * focal point of every unit whose program is not signed yet. Every part is idempotent, so a retry,
 * or a resumed stage, creates nothing twice and asks nobody twice (open steps are found again).
 */
export const planCascade = async (deps: Deps, programId: string, stageId: string) => {
  const subject = programSubject(programId);
  const [program, stage] = await Promise.all([getProgramRecord(deps.db, programId), getStageRecord(deps.db, subject, stageId)]);
  if (!stage) throw new Error(`Program '${programId}' has no stage ${stageId}.`);
  const dueInDays = program.cascade?.dueInWorkingDays ?? DEFAULT_DUE_IN_WORKING_DAYS;
  const { units, skipped } = await findUnits(deps.db, program);
  let created = 0;
  for (const unit of units) if ((await createChildProgram(deps, program, unit)).created) created += 1;
  if (stage.policy?.dueInDays?.[PREPARE_PROGRAM] === undefined) {
    await deps.db.transact([
      stageChange(deps.db, subject, stage, { policy: { ...stage.policy, dueInDays: { ...stage.policy?.dueInDays, [PREPARE_PROGRAM]: dueInDays } } }),
      deps.db.auditEvent(subject, {
        kind: 'cascade_planned',
        actorId: 'system',
        detail: { stageId, units: units.map((unit) => unit.lead.id), skipped, dueInWorkingDays: dueInDays },
      }),
    ]);
  }
  const assignments: Assignment[] = [];
  for (const record of await listCascadeUnits(deps.db, programId)) {
    const child = await getProgramRecord(deps.db, record.programId);
    if (child.status === 'active' || child.status === 'closed') {
      // Signed while this stage's execution was gone (a resumed stage): its step completes now, if still open.
      await completeParentStep(deps, child);
      continue;
    }
    if (child.status === 'cancelled') continue;
    const lead = child.parties.find((party) => party.organizationId === child.leadOrganizationId)!;
    assignments.push({ partyOrganizationId: child.leadOrganizationId, assigneeId: lead.focalPointId });
  }
  return { number: CASCADE_ROUND, assignments, created, skipped: skipped.length };
};

/** Every unit's program is signed: the stage finishes (once; a retry changes nothing). */
export const finishCascade = async (deps: Deps, programId: string, stageId: string) => {
  const subject = programSubject(programId);
  const stage = await getStageRecord(deps.db, subject, stageId);
  if (!stage) throw new Error(`Program '${programId}' has no stage ${stageId}.`);
  if (stage.status === 'running') {
    await deps.db.transact([
      stageChange(deps.db, subject, stage, { status: 'finished' }),
      deps.db.auditEvent(subject, { kind: 'cascade_finished', actorId: 'system', detail: { stageId } }),
    ]);
  }
  return { finished: true };
};

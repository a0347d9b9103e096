import { afterActivation } from '#shared/stages/cascade/stage.js';
import { nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import type { Program } from '#shared/programs/model.js';
import { getProgramRecord, programChange } from '#shared/store/programs.js';
import { getStageRecord, type StageRecord, stageChange } from '#shared/store/stages.js';
import { cancelStepWrite } from '#shared/store/steps.js';
import { listStageSteps } from '#shared/steps/queries.js';
import { programSubject } from '#shared/subject-ref.js';
import { writeMilestones } from './milestones.js';
import type { Assignment } from '#shared/steps/model.js';

const lead = (program: Program) => program.parties.find((party) => party.organizationId === program.leadOrganizationId)!;

const load = async ({ db }: Deps, programId: string, stageId: string) => {
  const subject = programSubject(programId);
  const [program, stage] = await Promise.all([getProgramRecord(db, programId), getStageRecord(db, subject, stageId)]);
  if (!stage) throw new Error(`Program '${programId}' has no stage ${stageId}.`);
  return { subject, program, stage };
};

/** Where a (re)started execution enters the stage, from what the program and the stage record say. */
export const whereToResume = async (deps: Deps, programId: string, stageId: string) => {
  const { program, stage } = await load(deps, programId, stageId);
  const at: Record<Program['status'], string> = {
    draft: stage.round === 0 ? 'review' : 'revision',
    in_review: 'review',
    signing: 'signing',
    active: 'activation',
    closed: 'nothing',
    cancelled: 'nothing',
  };
  return { at: at[program.status] };
};

/** The program's status and the stage's round change together, or neither does. */
const moveTo = async (deps: Deps, programId: string, program: Program, stage: StageRecord, status: Program['status'], round: number, detail: Record<string, unknown> = {}) => {
  const subject = programSubject(programId);
  await deps.db.transact([
    programChange(deps.db, program, { status }),
    stageChange(deps.db, subject, stage, { round }),
    deps.db.auditEvent(programId, { kind: 'status_changed', detail: { from: program.status, to: status, round, stageId: stage.stageId, ...detail } }),
  ]);
};

/** Opens a review round: every party except the lead reviews the current draft. */
export const startReview = async (deps: Deps, programId: string, stageId: string) => {
  const { program, stage } = await load(deps, programId, stageId);
  const assignments: Assignment[] = program.parties
    .filter((party) => party.organizationId !== program.leadOrganizationId)
    .map((party) => ({ partyOrganizationId: party.organizationId, assigneeId: party.reviewerId }));
  // A round only starts from a draft; finding it started means this is a retry of the same task.
  if (program.status === 'in_review') return { number: stage.round, assignments };
  await moveTo(deps, programId, program, stage, 'in_review', stage.round + 1, { documentVersion: program.documentVersion });
  return { number: stage.round + 1, assignments };
};

/** Every party's head signs the approved text. */
export const startSigning = async (deps: Deps, programId: string, stageId: string) => {
  const { program, stage } = await load(deps, programId, stageId);
  const assignments: Assignment[] = program.parties.map((party) => ({ partyOrganizationId: party.organizationId, assigneeId: party.signatoryId }));
  if (program.status === 'signing') return { number: stage.round, assignments };
  await moveTo(deps, programId, program, stage, 'signing', stage.round + 1);
  return { number: stage.round + 1, assignments };
};

/**
 * Cancels what is still open of the round's reviews or signatures and hands the draft back to the
 * lead party's focal point. The revision step itself is never cancelled: a resumed stage enters
 * here again and must find the drafter's open step (and its emailed link) as it was.
 */
export const returnToDrafter = async (deps: Deps, programId: string, stageId: string) => {
  const { subject, program, stage } = await load(deps, programId, stageId);
  const steps = await listStageSteps(deps.db, subject, stageId);
  const at = new Date(nowMs()).toISOString();
  for (const step of steps.filter((s) => s.status === 'open' && s.round === stage.round && s.kind !== 'revise')) {
    try {
      await deps.db.transact([
        cancelStepWrite(deps.db, subject, step.stepId, at),
        deps.db.auditEvent(programId, { kind: 'step_cancelled', stepId: step.stepId, detail: { reason: 'round ended by a return' } }),
      ]);
    } catch (error) {
      // Decided meanwhile: nothing to cancel. Anything else (throttling) fails the task, and Step Functions retries it.
      if ((error as Error).name !== 'TransactionCanceledException' || !isOnlyConditionFailure(error)) throw error;
    }
  }
  if (program.status !== 'draft') {
    await deps.db.transact([
      programChange(deps.db, program, { status: 'draft' }),
      deps.db.auditEvent(programId, { kind: 'status_changed', detail: { from: program.status, to: 'draft', round: stage.round, stageId } }),
    ]);
  }
  const drafter = lead(program);
  const assignment: Assignment = { partyOrganizationId: drafter.organizationId, assigneeId: drafter.focalPointId };
  return { round: stage.round, assignment };
};

const isOnlyConditionFailure = (error: unknown) =>
  ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).every((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'None');

/** All heads signed: the program is active, its signatures and later milestones are recorded. */
export const activate = async (deps: Deps, programId: string, stageId: string) => {
  const { subject, program, stage } = await load(deps, programId, stageId);
  const signed = (await listStageSteps(deps.db, subject, stageId)).filter((s) => s.kind === 'sign' && s.round === stage.round && s.decision?.outcome === 'signed');
  const signatures = Object.fromEntries(
    signed.map((step) => [
      step.partyOrganizationId,
      JSON.parse(
        JSON.stringify({
          organizationId: step.partyOrganizationId,
          signedBy: step.decision!.decidedBy,
          onBehalfOf: step.decision!.onBehalfOf,
          capacity: step.decision!.capacity,
          at: step.decision!.at,
        }),
      ),
    ]),
  );
  const signedMs = Math.max(...signed.map((step) => Date.parse(step.decision!.at)), 0) || nowMs();
  const signedAt = new Date(signedMs).toISOString();
  // What activation writes besides the status comes first, each part idempotent: a task stopped at
  // any instant leaves the program signing with its stage running, and the retried task (or the
  // stage's resume, which re-enters the signing where every head has signed) finishes it. The
  // program reads active only once its milestones are written and its cascade started.
  const milestones = await writeMilestones(deps, program, signedMs);
  // A unit's program completes its parent's cascade step; one that asks for a cascade starts it.
  await afterActivation(deps, { ...program, status: 'active', signedAt: program.signedAt ?? signedAt });
  if (program.status !== 'active') {
    await deps.db.transact([
      programChange(deps.db, program, { status: 'active', signatures, signedAt }),
      stageChange(deps.db, subject, stage, { status: 'finished' }),
      deps.db.auditEvent(programId, { kind: 'status_changed', detail: { from: program.status, to: 'active', signedAt, stageId } }),
    ]);
  }
  return { signedAt, milestones };
};

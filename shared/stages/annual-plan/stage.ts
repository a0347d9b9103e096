import { nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import type { Program } from '#shared/programs/model.js';
import { getProgramRecord } from '#shared/store/programs.js';
import { newPlanWrite, planChange } from '#shared/store/plans.js';
import { cancelOpenSteps, type EntryPoint, entryGuard } from '#shared/stages/lifecycle/bookkeeping.js';
import { getStageRecord, stageChange } from '#shared/store/stages.js';
import { listStageSteps } from '#shared/steps/queries.js';
import { programSubject } from '#shared/subject-ref.js';
import { getPlan, type PlanRecord, yearOfPlanStage } from './records.js';
import type { Assignment } from '#shared/steps/model.js';

/**
 * The bookkeeping of one year's plan (stage `annual_plan-<year>`): the lead party's focal point
 * drafts, every other party's reviewer approves or returns (a return goes back to the drafter
 * for a new round), the heads sign when the program asks for it, and the plan is approved.
 * Every operation is idempotent: a retried or resumed task finds what it did and does it no more.
 */

const leadOf = (program: Program) => program.parties.find((party) => party.organizationId === program.leadOrganizationId)!;

const load = async ({ db }: Deps, programId: string, stageId: string) => {
  const subject = programSubject(programId);
  const year = yearOfPlanStage(stageId);
  const [program, stage, plan] = await Promise.all([getProgramRecord(db, programId), getStageRecord(db, subject, stageId), getPlan(db, programId, year)]);
  if (!stage) throw new Error(`Program '${programId}' has no stage ${stageId}.`);
  return { subject, program, stage, plan, year };
};

const requirePlan = (plan: PlanRecord | undefined, stageId: string): PlanRecord => {
  if (!plan) throw new Error(`The plan of stage ${stageId} has not been started.`);
  return plan;
};

/** Where a (re)started execution enters, from the plan's status; any execution but the recorded one stops. */
export const whereToResume = async (deps: Deps, programId: string, stageId: string, execution?: string): Promise<{ at: EntryPoint<string> }> => {
  const subject = programSubject(programId);
  const [stage, plan] = await Promise.all([getStageRecord(deps.db, subject, stageId), getPlan(deps.db, programId, yearOfPlanStage(stageId))]);
  const guard = entryGuard(stage, execution);
  if (guard) return { at: guard };
  const at: Record<PlanRecord['status'], string> = { drafting: 'drafting', returned: 'drafting', in_review: 'review', signing: 'signing', approved: 'approval' };
  return { at: plan ? at[plan.status] : 'drafting' };
};

/** A new drafting round (the first one creates the plan): the lead party's focal point drafts. */
export const startDrafting = async (deps: Deps, programId: string, stageId: string) => {
  const { subject, program, stage, plan, year } = await load(deps, programId, stageId);
  const drafter = leadOf(program);
  const assignment: Assignment = { partyOrganizationId: drafter.organizationId, assigneeId: drafter.focalPointId };
  if (plan?.status === 'drafting' && stage.round > 0) return { number: stage.round, assignment };
  const round = stage.round + 1;
  const at = new Date(nowMs()).toISOString();
  await deps.db.transact([
    plan
      ? planChange(deps.db, programId, year, plan.lock, { status: 'drafting' })
      : newPlanWrite(deps.db, programId, year, {
          programId,
          year,
          stageId,
          status: 'drafting',
          version: 0,
          tasks: [],
          signaturesRequired: program.planSignatures === true,
          signatures: {},
          createdAt: at,
          updatedAt: at,
          lock: 1,
        }),
    stageChange(deps.db, subject, stage, { round }),
    deps.db.auditEvent(subject, { kind: 'plan_status_changed', detail: { year, from: plan?.status ?? 'none', to: 'drafting', round, stageId } }),
  ]);
  return { number: round, assignment };
};

const moveTo = async (deps: Deps, loaded: Awaited<ReturnType<typeof load>>, status: PlanRecord['status'], changes: Record<string, unknown> = {}) => {
  const plan = requirePlan(loaded.plan, loaded.stage.stageId);
  await deps.db.transact([
    planChange(deps.db, loaded.program.id, loaded.year, plan.lock, { status, ...changes }),
    deps.db.auditEvent(loaded.subject, { kind: 'plan_status_changed', detail: { year: loaded.year, from: plan.status, to: status, round: loaded.stage.round, stageId: loaded.stage.stageId } }),
  ]);
};

/** Every other party's reviewer approves the drafted plan or returns it. */
export const startReview = async (deps: Deps, programId: string, stageId: string) => {
  const loaded = await load(deps, programId, stageId);
  const { program, stage, plan } = loaded;
  const assignments: Assignment[] = program.parties
    .filter((party) => party.organizationId !== program.leadOrganizationId)
    .map((party) => ({ partyOrganizationId: party.organizationId, assigneeId: party.reviewerId }));
  if (requirePlan(plan, stageId).status !== 'in_review') await moveTo(deps, loaded, 'in_review');
  return { number: stage.round, assignments };
};

/** Every party's head signs the approved plan, when the program asks for signatures; otherwise nothing to do. */
export const startSigning = async (deps: Deps, programId: string, stageId: string) => {
  const loaded = await load(deps, programId, stageId);
  const { program, stage } = loaded;
  const plan = requirePlan(loaded.plan, stageId);
  if (!plan.signaturesRequired) return { required: false, number: stage.round, assignments: [] };
  const assignments: Assignment[] = program.parties.map((party) => ({ partyOrganizationId: party.organizationId, assigneeId: party.signatoryId }));
  if (plan.status !== 'signing') await moveTo(deps, loaded, 'signing');
  return { required: true, number: stage.round, assignments };
};

/** A return or a refusal ends the round: what is still open of it is cancelled, the drafter revises next. */
export const returnToDrafter = async (deps: Deps, programId: string, stageId: string) => {
  const loaded = await load(deps, programId, stageId);
  const { subject, stage } = loaded;
  const steps = await listStageSteps(deps.db, subject, stageId);
  await cancelOpenSteps(deps, subject, steps.filter((s) => s.round === stage.round && s.kind !== 'draft_plan'), 'round ended by a return');
  const plan = requirePlan(loaded.plan, stageId);
  if (plan.status === 'in_review' || plan.status === 'signing') await moveTo(deps, loaded, 'returned');
  return { round: stage.round };
};

/** Every party approved (and every head signed, when asked): the plan is approved and the stage finished. */
export const approve = async (deps: Deps, programId: string, stageId: string) => {
  const loaded = await load(deps, programId, stageId);
  const { subject, stage, year } = loaded;
  const plan = requirePlan(loaded.plan, stageId);
  const signed = (await listStageSteps(deps.db, subject, stageId)).filter((s) => s.kind === 'sign_plan' && s.round === stage.round && s.decision?.outcome === 'signed');
  const signatures = Object.fromEntries(
    signed.map((step) => [
      step.partyOrganizationId,
      { organizationId: step.partyOrganizationId, signedBy: step.decision!.decidedBy, onBehalfOf: step.decision!.onBehalfOf, capacity: step.decision!.capacity, at: step.decision!.at },
    ]),
  );
  const approvedAt = plan.approvedAt ?? new Date(nowMs()).toISOString();
  if (plan.status !== 'approved' || stage.status === 'running') {
    await deps.db.transact([
      ...(plan.status !== 'approved' ? [planChange(deps.db, programId, year, plan.lock, { status: 'approved', approvedAt, signatures })] : []),
      stageChange(deps.db, subject, stage, { status: 'finished' }),
      deps.db.auditEvent(subject, { kind: 'plan_approved', detail: { year, version: plan.version, tasks: plan.tasks.length, signed: Object.keys(signatures), stageId } }),
    ]);
  }
  return { year, approvedAt };
};

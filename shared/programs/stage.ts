import { DAY_MS, nowMs, vietnamDate, vietnamDayAt } from '../clock.js';
import type { Deps } from '../deps.js';
import { dueDateIndexKeys, isConditionFailure, keys } from '../store.js';
import { listSteps } from '../steps/queries.js';
import type { Program, Signature } from './model.js';
import { getProgramRecord, programChange } from './records.js';

export interface Assignment {
  readonly partyOrganizationId: string;
  readonly assigneeId: string;
}

const lead = (program: Program) => program.parties.find((party) => party.organizationId === program.leadOrganizationId)!;

/** Where a (re)started execution enters the stage, from what the program records. */
export const whereToResume = async ({ db }: Deps, programId: string) => {
  const program = await getProgramRecord(db, programId);
  const at: Record<Program['status'], string> = {
    draft: program.round === 0 ? 'review' : 'revision',
    in_review: 'review',
    signing: 'signing',
    active: 'activation',
    closed: 'nothing',
    cancelled: 'nothing',
  };
  return { at: at[program.status] };
};

/** Opens a review round: every party except the lead reviews the current draft. */
export const startReview = async ({ db }: Deps, programId: string) => {
  const program = await getProgramRecord(db, programId);
  const assignments: Assignment[] = program.parties
    .filter((party) => party.organizationId !== program.leadOrganizationId)
    .map((party) => ({ partyOrganizationId: party.organizationId, assigneeId: party.reviewerId }));
  // A round only starts from a draft; finding it started means this is a retry of the same task.
  if (program.status === 'in_review') return { number: program.round, assignments };
  const round = program.round + 1;
  await db.transact([
    programChange(db, program, { status: 'in_review', round }),
    db.auditEvent(programId, {
      kind: 'status_changed',
      detail: { from: program.status, to: 'in_review', round, documentVersion: program.documentVersion },
    }),
  ]);
  return { number: round, assignments };
};

/** Every party's head signs the approved text. */
export const startSigning = async ({ db }: Deps, programId: string) => {
  const program = await getProgramRecord(db, programId);
  const assignments: Assignment[] = program.parties.map((party) => ({
    partyOrganizationId: party.organizationId,
    assigneeId: party.signatoryId,
  }));
  if (program.status === 'signing') return { number: program.round, assignments };
  const round = program.round + 1;
  await db.transact([
    programChange(db, program, { status: 'signing', round }),
    db.auditEvent(programId, { kind: 'status_changed', detail: { from: program.status, to: 'signing', round } }),
  ]);
  return { number: round, assignments };
};

/** Cancels what is still open in the round and hands the draft back to the lead party's focal point. */
export const returnToDrafter = async ({ db }: Deps, programId: string) => {
  const program = await getProgramRecord(db, programId);
  const steps = await listSteps(db, programId);
  const at = new Date(nowMs()).toISOString();
  for (const step of steps.filter((s) => s.status === 'open' && s.round === program.round)) {
    await db.transact([
      {
        Update: {
          TableName: db.tableName,
          Key: keys.step(programId, step.stepId),
          UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at REMOVE gsi1pk, gsi1sk, taskToken',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':open': 'open', ':at': at },
        },
      },
      db.auditEvent(programId, { kind: 'step_cancelled', stepId: step.stepId, detail: { reason: 'round ended by a return' } }),
    ]).catch(() => undefined); // decided meanwhile: nothing to cancel
  }
  const drafter = lead(program);
  if (program.status !== 'draft') {
    await db.transact([
      programChange(db, program, { status: 'draft' }),
      db.auditEvent(programId, { kind: 'status_changed', detail: { from: program.status, to: 'draft', round: program.round } }),
    ]);
  }
  const assignment: Assignment = { partyOrganizationId: drafter.organizationId, assigneeId: drafter.focalPointId };
  return { round: program.round, assignment };
};

/** The later stages' milestones, each indexed by the day it falls due for the daily tick. */
export const lifecycleMilestones = (program: Program, signedMs: number) => {
  const { startYear, endYear } = program.period;
  const milestones: { kind: string; dueDate: string; year?: number }[] = [];
  for (let year = startYear; year <= endYear; year += 1) {
    const planDue = year === startYear ? vietnamDate(Math.max(signedMs + 30 * DAY_MS, vietnamDayAt(`${year}-01-15`, 8))) : `${year - 1}-12-01`;
    milestones.push({ kind: `annual_plan_${year}`, dueDate: planDue, year });
    if (year < endYear) milestones.push({ kind: `annual_review_${year}`, dueDate: `${year}-12-15`, year });
  }
  const midYear = startYear + Math.floor((endYear - startYear) / 2);
  if (endYear - startYear >= 2) milestones.push({ kind: 'mid_term_review', dueDate: `${midYear}-06-30`, year: midYear });
  milestones.push({ kind: 'final_review', dueDate: `${endYear}-11-30`, year: endYear });
  return milestones;
};

/** All heads signed: the program is active, its signatures and later milestones are recorded. */
export const activate = async ({ db }: Deps, programId: string) => {
  const program = await getProgramRecord(db, programId);
  const signedSteps = (await listSteps(db, programId)).filter(
    (step) => step.kind === 'sign' && step.round === program.round && step.decision?.outcome === 'signed',
  );
  const signatures: Record<string, Signature> = Object.fromEntries(
    signedSteps.map((step) => [
      step.partyOrganizationId,
      {
        organizationId: step.partyOrganizationId,
        signedBy: step.decision!.decidedBy,
        onBehalfOf: step.decision!.onBehalfOf,
        capacity: step.decision!.capacity,
        at: step.decision!.at,
      },
    ]),
  );
  const signedMs = Math.max(...signedSteps.map((step) => Date.parse(step.decision!.at)), 0) || nowMs();
  const signedAt = new Date(signedMs).toISOString();
  const milestones = lifecycleMilestones(program, signedMs);
  // Activating again (a retried task) rewrites the same milestones and changes nothing else.
  if (program.status !== 'active') {
    await db.transact([
      programChange(db, program, { status: 'active', signatures, signedAt }),
      db.auditEvent(programId, { kind: 'status_changed', detail: { from: program.status, to: 'active', signedAt } }),
    ]);
  }
  for (const milestone of milestones) {
    await db
      .put(
        {
          ...keys.milestone(programId, milestone.dueDate, milestone.kind),
          ...dueDateIndexKeys(milestone.dueDate, programId, milestone.kind),
          type: 'milestone',
          programId,
          ...milestone,
          status: 'scheduled',
        },
        'attribute_not_exists(pk)',
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
  return { signedAt, milestones: milestones.length };
};

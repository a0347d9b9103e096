import { z } from 'zod';
import { DAY_MS, nowMs } from '../clock.js';
import type { Deps } from '../deps.js';
import { getOfficial } from '../directory.js';
import { getProgramRecord } from '../programs/records.js';
import { isConditionFailure, keys, pendingIndexKeys } from '../store.js';
import { parseInput } from '../validation.js';
import { nextReminderAfter, secondsUntil, type Step, stepKinds } from './model.js';
import { emailAboutStep } from './notify.js';
import { getStep, listSteps } from './queries.js';

export const openStepInput = z.object({
  programId: z.string().min(1),
  round: z.number().int().min(1),
  kind: z.enum(stepKinds),
  assignment: z.object({ partyOrganizationId: z.string().min(1), assigneeId: z.string().min(1) }),
});

export interface WakeUp {
  readonly stepId: string;
  readonly wakeInSeconds: number;
}

/** Deterministic, so a retried task finds the step it already opened instead of opening a second. */
export const stepIdFor = (kind: string, round: number, partyOrganizationId: string) => `${kind}-r${round}-${partyOrganizationId}`;

/** Records the step with its due date and reminder schedule, then emails the person their link (once). */
export const openStep = async (deps: Deps, event: unknown): Promise<WakeUp> => {
  const input = parseInput(openStepInput, event, 'open-step input');
  const { db } = deps;
  const program = await getProgramRecord(db, input.programId);
  await getOfficial(db, input.assignment.assigneeId);
  const stepId = stepIdFor(input.kind, input.round, input.assignment.partyOrganizationId);
  const opened = nowMs();
  const dueMs = opened + program.reminderPolicy.dueInDays[input.kind] * DAY_MS;
  const step: Step = {
    stepId,
    programId: input.programId,
    kind: input.kind,
    round: input.round,
    assigneeId: input.assignment.assigneeId,
    partyOrganizationId: input.assignment.partyOrganizationId,
    documentVersion: program.documentVersion,
    status: 'open',
    openedAt: new Date(opened).toISOString(),
    dueAt: new Date(dueMs).toISOString(),
    nextReminderAt: new Date(nextReminderAfter(program.reminderPolicy, dueMs, opened)).toISOString(),
    remindersSent: 0,
  };
  try {
    await db.transact([
      {
        Put: {
          TableName: db.tableName,
          Item: { ...keys.step(step.programId, stepId), ...pendingIndexKeys(step.assigneeId, step.openedAt), type: 'step', ...step },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      db.auditEvent(step.programId, {
        kind: 'step_opened',
        stepId,
        actorId: step.assigneeId,
        detail: { stepKind: step.kind, round: step.round, dueAt: step.dueAt, documentVersion: step.documentVersion },
      }),
    ]);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const existing = (await getStep(db, step.programId, stepId))!;
    return { stepId, wakeInSeconds: secondsUntil(Date.parse(existing.nextReminderAt), nowMs()) };
  }
  await emailAboutStep(deps, step, {
    purpose: 'request',
    recipientId: step.assigneeId,
    withLink: true,
    returnedComments: step.kind === 'revise' ? await returnedComments(deps, step) : undefined,
  });
  return { stepId, wakeInSeconds: secondsUntil(Date.parse(step.nextReminderAt), nowMs()) };
};

/** What the reviewers or signatories said when they returned the draft, for the drafter's revision. */
export const returnedComments = async (deps: Deps, step: Step) => {
  const steps = await listSteps(deps.db, step.programId);
  const returned = steps.filter(
    (s) => s.round === step.round && s.decision && (s.decision.outcome === 'returned' || s.decision.outcome === 'refused'),
  );
  return Promise.all(
    returned.map(async (s) => ({
      by: `${(await getOfficial(deps.db, s.decision!.decidedBy)).name}`,
      text: s.decision!.comment ?? '',
    })),
  );
};

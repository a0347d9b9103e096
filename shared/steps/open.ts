import * as z from 'zod/mini';
import { workingCalendar } from '#shared/calendar/working-days.js';
import { nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOfficial } from '#shared/directory.js';
import { type ReminderPolicy, readPolicy } from '#shared/policy.js';
import { newStepWrite } from '#shared/store/steps.js';
import { isConditionFailure } from '#shared/store/table.js';
import { getStageRecord } from '#shared/store/stages.js';
import { subjectTypes } from '#shared/subject-ref.js';
import { loadSubject } from '#shared/subjects.js';
import { parseInput } from '#shared/validation.js';
import { type StepKindBrief, stepKindBrief } from '#shared/steps/kind/registry.js';
import { dueAtEndOf, dueInstant, nextWake } from './ladder.js';
import { secondsUntil, type Step, stepIdFor } from './model.js';
import { emailAboutStep, loadStepContext, type StepContext } from './notify.js';
import { getStep } from './queries.js';

/** A kind's due time from the policy, under its name or one it went by before, else the kind's own. */
const dueInDaysOf = (policy: ReminderPolicy, kind: StepKindBrief): number =>
  [kind.name, ...(kind.formerNames ?? [])].map((name) => policy.dueInDays[name]).find((days) => days !== undefined) ?? kind.dueInDays;

export const openStepInput = z.object({
  subjectType: z._default(z.enum(subjectTypes), 'program'),
  subjectId: z.string().check(z.minLength(1)),
  stageId: z.string().check(z.regex(/^[a-z_]+-[A-Za-z0-9_]+$/)),
  round: z.int().check(z.gte(1)),
  kind: z.string().check(z.minLength(1)),
  assignment: z.object({
    partyOrganizationId: z.string().check(z.minLength(1)),
    assigneeId: z.string().check(z.minLength(1)),
    /** A step due on a set day (an inspection recommendation's deadline) instead of after the kind's working days. */
    dueOn: z.optional(z.iso.date()),
  }),
});

export interface WakeUp {
  readonly stepId: string;
  readonly wakeInSeconds: number;
}

/**
 * Records the step with its due date (in working days) and first wake-up, then emails the person
 * their link. The step id is deterministic, so a retried task finds the step it opened and emails nobody twice.
 */
export const openStep = async (deps: Deps, event: unknown): Promise<WakeUp> => {
  const input = parseInput(openStepInput, event, 'open-step input');
  const { db } = deps;
  const subjectRef = { type: input.subjectType, id: input.subjectId };
  const kind = stepKindBrief(input.kind);
  // Read together: one request with a task's store (shared/batched-reads.ts).
  const [subject, stage, assignee] = await Promise.all([
    loadSubject(db, subjectRef),
    getStageRecord(db, subjectRef, input.stageId),
    getOfficial(db, input.assignment.assigneeId),
  ]);
  const policy = readPolicy(subject.policy, stage?.policy);
  const calendar = workingCalendar();
  const stepId = stepIdFor(input.stageId, kind.name, input.round, input.assignment.partyOrganizationId);
  const opened = nowMs();
  const openedAt = new Date(opened).toISOString();
  const dueAt = new Date(
    input.assignment.dueOn ? dueAtEndOf(input.assignment.dueOn) : dueInstant(calendar, opened, dueInDaysOf(policy, kind)),
  ).toISOString();
  const ladder = { openedAt, dueAt, remindersSent: 0 };
  const step: Step = {
    stepId,
    subjectType: subjectRef.type,
    subjectId: subjectRef.id,
    stageId: input.stageId,
    kind: kind.name,
    round: input.round,
    assigneeId: input.assignment.assigneeId,
    partyOrganizationId: input.assignment.partyOrganizationId,
    documentVersion: subject.documentVersion,
    status: 'open',
    ...ladder,
    nextReminderAt: new Date(nextWake(ladder, policy, calendar, opened)).toISOString(),
    emailsSent: {},
    // The request about to go out is marked in flight (see `markInFlight`) in the step's own write,
    // when it will go to the assignee as a request; otherwise `emailAboutStep` marks what it sends.
    emailInFlight: assignee.undeliverable ? undefined : { to: assignee.id, purpose: 'request', at: openedAt },
  };
  try {
    await db.transact([
      newStepWrite(db, step),
      db.auditEvent(subjectRef, {
        kind: 'step_opened',
        stepId,
        actorId: step.assigneeId,
        detail: JSON.parse(
          JSON.stringify({ stepKind: step.kind, stageId: step.stageId, round: step.round, dueAt: step.dueAt, documentVersion: step.documentVersion }),
        ),
      }),
    ]);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const existing = (await getStep(db, subjectRef, stepId))!;
    // A retry after a crash between the write and the email: the request still goes out, once.
    if (existing.status === 'open' && !existing.emailsSent[existing.assigneeId]) await sendRequest(deps, existing);
    return { stepId, wakeInSeconds: secondsUntil(Date.parse(existing.nextReminderAt), nowMs()) };
  }
  // The subject and the assignee were read a moment ago: the request email needs no second read.
  await sendRequest(deps, step, { step, kind, subject, assignee, sent: {} });
  return { stepId, wakeInSeconds: secondsUntil(Date.parse(step.nextReminderAt), nowMs()) };
};

/** `known`: the context of a step this task has just written, whose request is marked in flight already. */
const sendRequest = async (deps: Deps, step: Step, known?: StepContext) => {
  const context = known ?? (await loadStepContext(deps, step));
  const { kind } = context;
  await emailAboutStep(deps, context, {
    purpose: 'request',
    to: context.assignee,
    link: 'act',
    notes: kind.requestNotes ? await kind.requestNotes(deps, step) : undefined,
    markedInFlight: known && step.emailInFlight ? { to: step.emailInFlight.to, purpose: 'request' } : undefined,
  });
};

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod/mini';
import { workingCalendar } from '#shared/calendar/working-days.js';
import { nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOfficial, getOrganization } from '#shared/directory.js';
import { metrics } from '#shared/observability.js';
import { readPolicy } from '#shared/policy.js';
import { recordReminder } from '#shared/store/steps.js';
import { getStageRecord } from '#shared/store/stages.js';
import { subjectTypes } from '#shared/subject-ref.js';
import { parseInput } from '#shared/validation.js';
import { sentInDigest } from './digest.js';
import { nextWake, rungAt } from './ladder.js';
import { secondsUntil } from './model.js';
import { emailAboutStep, loadStepContext, type Recipient, type StepContext } from './notify.js';
import type { WakeUp } from './open.js';
import { getStep } from './queries.js';

export const remindInput = z.object({
  subjectType: z._default(z.enum(subjectTypes), 'program'),
  subjectId: z.string().check(z.minLength(1)),
  stepId: z.string().check(z.minLength(1)),
});

/**
 * Runs when a wait times out, and climbs the escalation ladder by the step's record: reminders
 * before and on the due date, the formal overdue notice, then after N unanswered reminders the
 * deputy is asked to act (and reminded at every later wake, each email with a fresh link) while
 * the lead focal point is told; some working days later the superior and the upper-level
 * commission are told once. Reminders slow down after the first rung and stop at the cap.
 */
export const remindOrEscalate = async (deps: Deps, event: unknown): Promise<WakeUp> => {
  const input = parseInput(remindInput, event, 'remind input');
  const subjectRef = { type: input.subjectType, id: input.subjectId };
  const step = await getStep(deps.db, subjectRef, input.stepId);
  const now = nowMs();
  if (step?.status !== 'open') return { stepId: input.stepId, wakeInSeconds: 1 };
  if (now < Date.parse(step.nextReminderAt)) return { stepId: step.stepId, wakeInSeconds: secondsUntil(Date.parse(step.nextReminderAt), now) };

  const context = await loadStepContext(deps, step);
  const stage = await getStageRecord(deps.db, subjectRef, step.stageId);
  const policy = readPolicy(context.subject.policy, stage?.policy);
  const calendar = workingCalendar();
  const rung = rungAt(step, policy, calendar, now);
  const number = step.remindersSent + 1;
  const at = new Date(now).toISOString();

  if (!(await sentInDigest(deps, context, step.assigneeId))) {
    // The email counts reminders only: after the overdue notice, the next one is "Nhắc lần 3", not 4.
    const reminderNumber = step.overdueNoticeAt ? number - 1 : number;
    await emailAboutStep(deps, context, { purpose: rung.overdueNotice ? 'overdue' : 'reminder', to: context.assignee, link: 'act', reminderNumber });
  }
  await deps.db.recordEvent(subjectRef, {
    kind: rung.overdueNotice ? 'overdue_notice' : 'reminder',
    stepId: step.stepId,
    actorId: step.assigneeId,
    detail: { number, dueAt: step.dueAt },
  });
  metrics.addMetric(rung.overdueNotice ? 'OverdueNotices' : 'Reminders', MetricUnit.Count, 1);

  const deputy = context.assignee.deputyId ? await getOfficial(deps.db, context.assignee.deputyId) : undefined;
  if (rung.askDeputy) await firstRung(deps, context, deputy, step.remindersSent);
  else if (rung.remindDeputy && deputy) await emailAboutStep(deps, context, { purpose: 'deputy_reminder', to: deputy, link: 'act' });
  if (rung.tellSecondLevel) await secondRung(deps, context);

  const updated = {
    ...step,
    remindersSent: number,
    overdueNoticeAt: rung.overdueNotice ? at : step.overdueNoticeAt,
    escalatedAt: rung.askDeputy ? at : step.escalatedAt,
    secondLevelAt: rung.tellSecondLevel ? at : step.secondLevelAt,
  };
  const next = nextWake(updated, policy, calendar, now);
  const late = now >= Date.parse(step.dueAt) && context.subject.watcherId;
  await recordReminder(deps.db, subjectRef, step.stepId, {
    remindersSent: number,
    nextReminderAt: new Date(next).toISOString(),
    at,
    overdueNotice: rung.overdueNotice,
    askDeputy: rung.askDeputy,
    tellSecondLevel: rung.tellSecondLevel,
    lateWatcherId: late ? context.subject.watcherId : undefined,
    dueAt: step.dueAt,
  }).catch((error: unknown) => {
      // Decided while this ran: the decision closed the step, nothing is left to schedule.
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    });
  return { stepId: step.stepId, wakeInSeconds: secondsUntil(next, now) };
};

/** The deputy is asked to act (KT./TUQ.) with their own link; the lead focal point is told. */
const firstRung = async (deps: Deps, context: StepContext, deputy: Recipient | undefined, reminders: number) => {
  const told: string[] = [];
  if (deputy && (await emailAboutStep(deps, context, { purpose: 'act_on_behalf', to: deputy, link: 'act' })) === 'sent') told.push(deputy.id);
  const focal = context.subject.watcherId;
  if (focal && focal !== context.assignee.id && focal !== deputy?.id) {
    await emailAboutStep(deps, context, { purpose: 'escalation_notice', to: await getOfficial(deps.db, focal), link: 'none', reminderNumber: reminders });
    told.push(focal);
  }
  await deps.db.recordEvent(context.subject.ref, {
    kind: 'escalation',
    stepId: context.step.stepId,
    actorId: context.step.assigneeId,
    detail: { rung: 1, to: told, deputyMayAct: Boolean(deputy), afterReminders: reminders },
  });
  metrics.addMetric('Escalations', MetricUnit.Count, 1);
};

/**
 * The level above: the lead organisation's parent's office (its `email`), or for a kind whose upper
 * level is the watcher, the subject's lead focal point (a cascade step's: the parent program's).
 */
const upperLevel = async (deps: Deps, context: StepContext): Promise<Recipient[]> => {
  if (context.kind.upperLevel === 'watcher') return context.subject.watcherId ? [await getOfficial(deps.db, context.subject.watcherId)] : [];
  const lead = await getOrganization(deps.db, context.subject.leadOrganizationId);
  const upper = lead.parentId ? await getOrganization(deps.db, lead.parentId) : undefined;
  return upper?.email ? [{ id: `org:${upper.id}`, name: upper.name, title: 'Văn phòng', email: upper.email }] : [];
};

/**
 * The assignee's superior and the upper-level commission (the lead organisation's parent, e.g.
 * the central commission for a province) are told once, with a link to a page of what is late.
 */
const secondRung = async (deps: Deps, context: StepContext) => {
  const told: string[] = [];
  const superiorId = context.assignee.superiorId;
  if (superiorId) {
    await emailAboutStep(deps, context, { purpose: 'second_level_notice', to: await getOfficial(deps.db, superiorId), link: 'view' });
    told.push(superiorId);
  }
  for (const upper of await upperLevel(deps, context)) {
    if (upper.id === superiorId) continue;
    await emailAboutStep(deps, context, { purpose: 'second_level_notice', to: upper, link: 'view' });
    told.push(upper.id);
  }
  await deps.db.recordEvent(context.subject.ref, {
    kind: 'escalation',
    stepId: context.step.stepId,
    actorId: context.step.assigneeId,
    detail: { rung: 2, to: told },
  });
  metrics.addMetric('SecondLevelEscalations', MetricUnit.Count, 1);
};

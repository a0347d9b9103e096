import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { nowMs } from '../clock.js';
import type { Deps } from '../deps.js';
import { getOfficial } from '../directory.js';
import { metrics } from '../observability.js';
import type { Program } from '../programs/model.js';
import { getProgramRecord } from '../programs/records.js';
import { keys } from '../store.js';
import { parseInput } from '../validation.js';
import { nextReminderAfter, secondsUntil, type Step } from './model.js';
import { emailAboutStep } from './notify.js';
import type { WakeUp } from './open.js';
import { getStep } from './queries.js';

export const remindInput = z.object({ programId: z.string().min(1), stepId: z.string().min(1) });

/**
 * Runs when a wait times out. Sends what the policy says is due now: a reminder, or the formal
 * overdue notice the first time the due date has passed; and once enough reminders went unanswered,
 * an escalation (the deputy may act for the person; the superior and the lead party's focal point are told).
 */
export const remindOrEscalate = async (deps: Deps, event: unknown): Promise<WakeUp> => {
  const { programId, stepId } = parseInput(remindInput, event, 'remind input');
  const step = await getStep(deps.db, programId, stepId);
  const now = nowMs();
  if (step?.status !== 'open') return { stepId, wakeInSeconds: 1 };
  const dueAt = Date.parse(step.dueAt);
  if (now < Date.parse(step.nextReminderAt)) return { stepId, wakeInSeconds: secondsUntil(Date.parse(step.nextReminderAt), now) };

  const program = await getProgramRecord(deps.db, programId);
  const policy = program.reminderPolicy;
  const number = step.remindersSent + 1;
  const formalNotice = now >= dueAt && !step.overdueNoticeAt;
  await emailAboutStep(deps, step, {
    purpose: formalNotice ? 'overdue' : 'reminder',
    recipientId: step.assigneeId,
    withLink: true,
    reminderNumber: number,
  });
  await deps.db.recordEvent(programId, {
    kind: formalNotice ? 'overdue_notice' : 'reminder',
    stepId,
    actorId: step.assigneeId,
    detail: { number, dueAt: step.dueAt },
  });
  metrics.addMetric(formalNotice ? 'OverdueNotices' : 'Reminders', MetricUnit.Count, 1);

  const escalate = number >= policy.escalateAfterReminders && !step.escalatedAt;
  if (escalate) await escalateStep(deps, step, program, number);

  const next = nextReminderAfter(policy, dueAt, now);
  const at = new Date(now).toISOString();
  await deps.db.update({
    Key: keys.step(programId, stepId),
    UpdateExpression: `SET remindersSent = :number, nextReminderAt = :next${formalNotice ? ', overdueNoticeAt = :at' : ''}${escalate ? ', escalatedAt = :at' : ''}`,
    ExpressionAttributeValues: { ':number': number, ':next': new Date(next).toISOString(), ...(formalNotice || escalate ? { ':at': at } : {}) },
  });
  return { stepId, wakeInSeconds: secondsUntil(next, now) };
};

const escalateStep = async (deps: Deps, step: Step, program: Program, reminders: number) => {
  const assignee = await getOfficial(deps.db, step.assigneeId);
  const focalPointId = program.parties.find((party) => party.organizationId === program.leadOrganizationId)?.focalPointId;
  const told: string[] = [];
  if (assignee.deputyId) {
    await emailAboutStep(deps, step, { purpose: 'act_on_behalf', recipientId: assignee.deputyId, withLink: true });
    told.push(assignee.deputyId);
  }
  for (const informed of [assignee.superiorId, focalPointId]) {
    if (!informed || told.includes(informed) || informed === assignee.id) continue;
    await emailAboutStep(deps, step, { purpose: 'escalation_notice', recipientId: informed, withLink: false, reminderNumber: reminders });
    told.push(informed);
  }
  await deps.db.recordEvent(step.programId, {
    kind: 'escalation',
    stepId: step.stepId,
    actorId: step.assigneeId,
    detail: { to: told, deputyMayAct: Boolean(assignee.deputyId), afterReminders: reminders },
  });
  metrics.addMetric('Escalations', MetricUnit.Count, 1);
};

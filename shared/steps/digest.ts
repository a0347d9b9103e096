import { vietnamDate, nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOfficial, type Official } from '#shared/directory.js';
import { renderDigestEmail } from '#shared/email/templates.js';
import { fanOut } from '#shared/fan-out.js';
import { claimDailyDigest, claimWeeklyDigest, markWeeklyDigestRefused } from '#shared/store/digests.js';
import { emailsSentWrite, listLateSteps } from '#shared/store/steps.js';
import { loadSubject } from '#shared/subjects.js';
import { TICK_EMAIL_CONCURRENCY, type TickBudget, throwForTickRetry } from '#shared/tick-budget.js';
import { stepKindBrief, wordingOf } from '#shared/steps/kind/registry.js';
import { type Step, subjectOf } from './model.js';
import { linkFor, loadStepContext, markInFlight, reportEmailInFlight, type StepContext } from './notify.js';
import { listOpenStepsOf } from './queries.js';

const digestWanted = (official: Official, context: StepContext): boolean =>
  official.digest ?? context.subject.focalPointIds.includes(official.id);

/**
 * For an official who takes the digest and has several open steps: the first reminder of the day
 * sends one email listing every open step with its link (claimed with a conditional write, so one
 * a day), and every reminder that day is covered by it. Returns whether the reminder was covered.
 */
export const sentInDigest = async (deps: Deps, context: StepContext, officialId: string): Promise<boolean> => {
  const official = officialId === context.assignee.id ? context.assignee : await getOfficial(deps.db, officialId);
  if (!digestWanted(official, context) || official.undeliverable) return false;
  const open = await listOpenStepsOf(deps.db, officialId);
  const cap = context.subject.policy.maxEmailsPerPerson;
  const listed = open.filter((step) => (step.emailsSent[officialId] ?? 0) < cap);
  if (listed.length < 2) return false;
  const date = vietnamDate(nowMs());
  if (!(await claimDailyDigest(deps.db, officialId, date, listed.map((s) => s.stepId)))) {
    // Today's digest was claimed; if it was this step's task that stopped mid-send, the trail says so.
    await reportEmailInFlight(deps, context);
    return true;
  }
  const isCurrent = (step: Step) => step.stepId === context.step.stepId && step.subjectId === context.step.subjectId && step.subjectType === context.step.subjectType;
  const lines = [];
  for (const step of listed) {
    const stepContext = isCurrent(step) ? context : await loadStepContext(deps, step);
    lines.push({
      subjectTitle: stepContext.subject.title,
      kindTitle: wordingOf(stepKindBrief(step.kind), step).title,
      dueMs: Date.parse(step.dueAt),
      overdue: nowMs() > Date.parse(step.dueAt),
      link: await linkFor(deps, stepContext, officialId, true),
    });
  }
  const email = renderDigestEmail({ recipientName: official.name, recipientTitle: official.title, weekly: false, lines });
  await markInFlight(deps, context, { to: officialId, purpose: 'digest', at: new Date(nowMs()).toISOString() });
  const { messageId } = await deps.mailer.send({ to: [official.email], ...email });
  for (const step of listed) {
    const sent = isCurrent(step) ? context.sent : { ...step.emailsSent };
    sent[officialId] = (sent[officialId] ?? 0) + 1;
    await deps.db.transact([
      deps.db.auditEvent(subjectOf(step), { kind: 'email_sent', stepId: step.stepId, detail: { to: officialId, purpose: 'digest', messageId, subject: email.subject } }),
      emailsSentWrite(deps.db, subjectOf(step), step.stepId, sent, isCurrent(step)),
    ]);
  }
  return true;
};

/**
 * The weekly digest: every late step, grouped by the lead focal point who watches it (index
 * `byDueDate`, partition `LATE`), a few emails at a time within the tick's budget. Each is claimed
 * before it is sent (a retried tick skips it) and marked refused if SES refuses it (the retry
 * takes it again and sends it); only a crash between the claim and the send loses one week's digest.
 */
export const sendWeeklyLateDigests = async (deps: Deps, budget: TickBudget = {}): Promise<{ sent: number; steps: number }> => {
  const items = await listLateSteps(deps.db);
  const byWatcher = new Map<string, Step[]>();
  for (const { watcherId: watcher, step } of items) {
    // A kind with its own weekly digest (a cascade's table of units) is reported there, not twice.
    if (stepKindBrief(step.kind).weeklyDigest === 'own') continue;
    byWatcher.set(watcher, [...(byWatcher.get(watcher) ?? []), step]);
  }
  const date = vietnamDate(nowMs());
  let sent = 0;
  const result = await fanOut([...byWatcher], { concurrency: TICK_EMAIL_CONCURRENCY, timeLeftMs: budget.timeLeftMs }, async ([watcherId, late]) => {
    if (await sendWeeklyDigest(deps, watcherId, late, date)) sent += 1;
  });
  throwForTickRetry('weekly digests to send', byWatcher.size, result, ([watcherId]) => watcherId);
  return { sent, steps: items.length };
};

const sendWeeklyDigest = async (deps: Deps, watcherId: string, late: Step[], date: string): Promise<boolean> => {
  const watcher = await getOfficial(deps.db, watcherId);
  if (watcher.undeliverable) return false;
  // Claimed first: a retried tick reads nothing more for a digest already sent.
  // A claim SES refused is taken again.
  if (!(await claimWeeklyDigest(deps.db, watcherId, date, late.map((step) => step.stepId)))) return false;
  let email: ReturnType<typeof renderDigestEmail>;
  let messageId: string;
  try {
    // Read at once: the invocation's store sends reads made together as one batch.
    const lines = await Promise.all(
      late.map(async (item) => {
        const [subject, assignee] = await Promise.all([loadSubject(deps.db, subjectOf(item)), getOfficial(deps.db, item.assigneeId)]);
        return { subjectTitle: subject.title, kindTitle: stepKindBrief(item.kind).title, assigneeName: assignee.name, dueMs: Date.parse(item.dueAt), overdue: true };
      }),
    );
    email = renderDigestEmail({ recipientName: watcher.name, recipientTitle: watcher.title, weekly: true, lines });
    ({ messageId } = await deps.mailer.send({ to: [watcher.email], ...email }));
  } catch (error) {
    await markWeeklyDigestRefused(deps.db, watcherId, date);
    throw error;
  }
  for (const item of late) {
    await deps.db.recordEvent(subjectOf(item), {
      kind: 'email_sent',
      stepId: item.stepId,
      detail: { to: watcherId, purpose: 'weekly_digest', messageId, subject: email.subject },
    });
  }
  return true;
};

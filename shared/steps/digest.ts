import { vietnamDate, nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOfficial, type Official } from '#shared/directory.js';
import { renderDigestEmail } from '#shared/email/templates.js';
import { fanOut } from '#shared/fan-out.js';
import { isConditionFailure, keys } from '#shared/store/table.js';
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
  try {
    await deps.db.put({ ...keys.digest(officialId, date), type: 'digest', steps: listed.map((s) => s.stepId) }, 'attribute_not_exists(pk)');
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
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
      {
        Update: {
          TableName: deps.db.tableName,
          Key: keys.step(subjectOf(step), step.stepId),
          UpdateExpression: `SET emailsSent = :sent${isCurrent(step) ? ' REMOVE emailInFlight' : ''}`,
          ExpressionAttributeValues: { ':sent': sent },
        },
      },
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
  const items = await deps.db.query({ IndexName: 'byDueDate', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': 'LATE' } });
  const byWatcher = new Map<string, typeof items>();
  for (const item of items) {
    // A kind with its own weekly digest (a cascade's table of units) is reported there, not twice.
    if (stepKindBrief(String(item.kind)).weeklyDigest === 'own') continue;
    const watcher = String(item.gsi2sk).split('#')[0]!;
    byWatcher.set(watcher, [...(byWatcher.get(watcher) ?? []), item]);
  }
  const date = vietnamDate(nowMs());
  let sent = 0;
  const result = await fanOut([...byWatcher], { concurrency: TICK_EMAIL_CONCURRENCY, timeLeftMs: budget.timeLeftMs }, async ([watcherId, late]) => {
    if (await sendWeeklyDigest(deps, watcherId, late, date)) sent += 1;
  });
  throwForTickRetry('weekly digests to send', byWatcher.size, result, ([watcherId]) => watcherId);
  return { sent, steps: items.length };
};

/** The subject of a late step as the `LATE` index item carries it (steps of the first release name only their program). */
const subjectOfLateItem = (item: Record<string, unknown>) => ({
  type: item.subjectType === 'inspection' ? ('inspection' as const) : ('program' as const),
  id: String(item.subjectId ?? item.programId),
});

const markClaimRefused = (deps: Deps, claim: { pk: string; sk: string }) =>
  deps.db.update({ Key: claim, UpdateExpression: 'SET #state = :refused', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':refused': 'refused' } });

const sendWeeklyDigest = async (deps: Deps, watcherId: string, late: Record<string, unknown>[], date: string): Promise<boolean> => {
  const watcher = await getOfficial(deps.db, watcherId);
  if (watcher.undeliverable) return false;
  // Claimed first: a retried tick reads nothing more for a digest already sent.
  const claim = keys.weeklyDigest(watcherId, date);
  try {
    // A claim SES refused is taken again (the table grants no DeleteItem: claims are only ever overwritten).
    await deps.db.update({
      Key: claim,
      UpdateExpression: 'SET #type = :type, #state = :sending, steps = :steps',
      ConditionExpression: 'attribute_not_exists(pk) OR #state = :refused',
      ExpressionAttributeNames: { '#type': 'type', '#state': 'state' },
      ExpressionAttributeValues: { ':type': 'weekly_digest', ':sending': 'sending', ':refused': 'refused', ':steps': late.map((item) => String(item.stepId)) },
    });
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
  let email: ReturnType<typeof renderDigestEmail>;
  let messageId: string;
  try {
    // Read at once: the invocation's store sends reads made together as one batch.
    const lines = await Promise.all(
      late.map(async (item) => {
        const [subject, assignee] = await Promise.all([loadSubject(deps.db, subjectOfLateItem(item)), getOfficial(deps.db, String(item.assigneeId))]);
        return { subjectTitle: subject.title, kindTitle: stepKindBrief(String(item.kind)).title, assigneeName: assignee.name, dueMs: Date.parse(String(item.dueAt)), overdue: true };
      }),
    );
    email = renderDigestEmail({ recipientName: watcher.name, recipientTitle: watcher.title, weekly: true, lines });
    ({ messageId } = await deps.mailer.send({ to: [watcher.email], ...email }));
  } catch (error) {
    await markClaimRefused(deps, claim);
    throw error;
  }
  for (const item of late) {
    await deps.db.recordEvent(subjectOfLateItem(item), {
      kind: 'email_sent',
      stepId: String(item.stepId),
      detail: { to: watcherId, purpose: 'weekly_digest', messageId, subject: email.subject },
    });
  }
  return true;
};

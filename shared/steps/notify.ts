import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOfficial, type Official } from '#shared/directory.js';
import type { OutgoingEmail } from '#shared/email/send.js';
import { type StepEmailPurpose, renderStepEmail } from '#shared/email/templates.js';
import { signLink } from '#shared/links/tokens.js';
import { logger, metrics } from '#shared/observability.js';
import { clearInFlightWrite, deliveryFailureWrite, emailsSentWrite, markEmailInFlight } from '#shared/store/steps.js';
import type { TransactItem } from '#shared/store/table.js';
import { loadSubject, type SubjectFacts } from '#shared/subjects.js';
import { type StepKindBrief, stepKindBrief, wordingOf } from '#shared/steps/kind/registry.js';
import { type Step, subjectOf } from './model.js';

/** Who an email goes to: an official, or an office's mailbox (the upper-level commission). */
export type Recipient = Pick<Official, 'id' | 'name' | 'title' | 'email'> & Partial<Pick<Official, 'deputyId' | 'undeliverable'>>;

/** Everything about a step that its emails need, read once per task. */
export interface StepContext {
  readonly step: Step;
  readonly kind: StepKindBrief;
  readonly subject: SubjectFacts;
  readonly assignee: Official;
  /** Emails sent per recipient, kept current as this task sends more. */
  readonly sent: Record<string, number>;
}

export const loadStepContext = async (deps: Deps, step: Step): Promise<StepContext> => ({
  step,
  kind: stepKindBrief(step.kind),
  subject: await loadSubject(deps.db, subjectOf(step)),
  assignee: await getOfficial(deps.db, step.assigneeId),
  sent: { ...step.emailsSent },
});

export interface StepEmailRequest {
  readonly purpose: StepEmailPurpose;
  readonly to: Recipient;
  /** `act`: a link to decide (acting for the assignee when the recipient is someone else); `view`: a link that only shows. */
  readonly link: 'act' | 'view' | 'none';
  readonly reminderNumber?: number;
  readonly notes?: readonly { by: string; text: string }[];
  /** Counts toward the cap; a fresh link the person asked for does not. @default true */
  readonly capped?: boolean;
  /** E.g. a calendar invite (`inviteAttachment` in shared/calendar/invites.ts); the email then goes as raw MIME. */
  readonly attachments?: OutgoingEmail['attachments'];
  /**
   * The step was written with this very email already marked in flight (a step's opening writes
   * the request's mark with the step): the separate write of the mark is skipped.
   */
  readonly markedInFlight?: { readonly to: string; readonly purpose: StepEmailPurpose };
  /** Why the request was withdrawn, for a `withdrawn` notice. */
  readonly reason?: string;
}

export type EmailOutcome = 'sent' | 'capped' | 'skipped' | 'failed';

const asksToAct = (purpose: StepEmailPurpose) => purpose !== 'escalation_notice' && purpose !== 'second_level_notice' && purpose !== 'withdrawn';

/**
 * Emails one person about a step and writes the audit event with the email count in one
 * transaction. No one gets more than the policy's cap about one step; reaching it is recorded once.
 * An address marked undeliverable is not used: a request to act goes to the deputy instead. A send
 * that fails after the SDK's retries is recorded on the trail and counted for the alarm.
 */
export const emailAboutStep = async (deps: Deps, context: StepContext, request: StepEmailRequest): Promise<EmailOutcome> => {
  const { step, subject, assignee } = context;
  let recipient = request.to;
  let purpose = request.purpose;
  if (recipient.undeliverable) {
    await deps.db.recordEvent(subject.ref, {
      kind: 'email_skipped',
      stepId: step.stepId,
      detail: { to: recipient.id, purpose, reason: 'address marked undeliverable' },
    });
    if (!recipient.deputyId || !asksToAct(purpose)) return 'skipped';
    const deputy = await getOfficial(deps.db, recipient.deputyId);
    if (deputy.undeliverable) return 'skipped';
    recipient = deputy;
    purpose = 'act_on_behalf';
  }
  const cap = subject.policy.maxEmailsPerPerson;
  const count = context.sent[recipient.id] ?? 0;
  if (request.capped !== false && count >= cap) {
    if (count === cap) await countEmail(deps, context, recipient.id, { kind: 'email_capped', detail: { to: recipient.id, purpose, cap } });
    return 'capped';
  }
  const email = renderStepEmail({
    purpose,
    kind: wordingOf(context.kind, step),
    recipientName: recipient.name,
    recipientTitle: recipient.title,
    subjectTitle: subject.title,
    documentVersion: subject.documentVersion,
    dueMs: Date.parse(step.dueAt),
    link: request.link === 'none' ? undefined : await linkFor(deps, context, recipient.id, request.link === 'act' && asksToAct(purpose)),
    assigneeName: assignee.name,
    reminderNumber: request.reminderNumber,
    notes: request.notes,
    lastOne: request.capped !== false && count + 1 === cap,
    reason: request.reason,
    inWeeklyDigest: recipient.id === subject.watcherId,
  });
  if (request.markedInFlight?.to !== recipient.id || request.markedInFlight.purpose !== purpose) {
    await markInFlight(deps, context, { to: recipient.id, purpose, at: new Date(nowMs()).toISOString() });
  }
  try {
    const { messageId } = await deps.mailer.send({ to: [recipient.email], ...email, attachments: request.attachments });
    metrics.addMetric('EmailsSent', MetricUnit.Count, 1);
    await countEmail(deps, context, recipient.id, { kind: 'email_sent', detail: { to: recipient.id, purpose, messageId, subject: email.subject } }, request.capped !== false);
    return 'sent';
  } catch (error) {
    metrics.addMetric('EmailDeliveryFailed', MetricUnit.Count, 1);
    logger.error('Email could not be sent', { stepId: step.stepId, purpose, error: error as Error });
    await deps.db.transact([
      deps.db.auditEvent(subject.ref, { kind: 'email_failed', stepId: step.stepId, detail: { to: recipient.id, purpose, error: (error as Error).name } }),
      deliveryFailureWrite(deps.db, subject.ref, step.stepId),
    ]);
    return 'failed';
  }
};

/** The action link of a step for one person: theirs, or acting for the assignee; a view-only link has no actions. */
export const linkFor = async (deps: Deps, context: StepContext, officialId: string, act: boolean): Promise<string> =>
  `${deps.baseUrl}/a/${await signLink(deps.keys, {
    subject: context.subject.ref,
    stepId: context.step.stepId,
    officialId,
    onBehalfOf: officialId === context.assignee.id || !act ? undefined : context.assignee.id,
    actions: act ? Object.keys(context.kind.actions) : [],
    // A view-only link grants nothing but reading; superiors open them long after the notice.
    expiresAt: act ? undefined : nowMs() + VIEW_LINK_LIFETIME_MS,
  })}`;

export const VIEW_LINK_LIFETIME_MS = 90 * 86_400_000;

/** Contexts whose step's leftover in-flight email has been put on the trail already (once per task). */
const unconfirmedReported = new WeakSet<StepContext>();

/**
 * Marks the email about to be sent on the step. SES cannot be asked to send once: a task that dies
 * between the send and its record is retried and sends again. The mark makes that visible: the
 * next email about the step first puts the earlier one on the trail as `email_unconfirmed` (it may
 * have gone out), so every email in anyone's mailbox is accounted for.
 */
export const markInFlight = async (deps: Deps, context: StepContext, email: NonNullable<Step['emailInFlight']>) => {
  await reportEmailInFlight(deps, context);
  const { step, subject } = context;
  await markEmailInFlight(deps.db, subject.ref, step.stepId, email);
};

/** Puts the email a stopped task left marked on the step on the trail as `email_unconfirmed` (once per task). */
export const reportEmailInFlight = async (deps: Deps, context: StepContext): Promise<void> => {
  const { step, subject } = context;
  const earlier = step.emailInFlight;
  if (!earlier || unconfirmedReported.has(context)) return;
  unconfirmedReported.add(context);
  await deps.db.recordEvent(subject.ref, {
    kind: 'email_unconfirmed',
    stepId: step.stepId,
    detail: { ...earlier, reason: 'a task stopped between sending this email and recording it; it may have gone out, and is sent again if still due' },
  });
};

/** The audit event and the recipient's count, in one transaction. */
const countEmail = async (deps: Deps, context: StepContext, recipientKey: string, event: { kind: string; detail: Record<string, unknown> }, counts = true) => {
  const { subject, step } = context;
  const writes: TransactItem[] = [deps.db.auditEvent(subject.ref, { ...event, stepId: step.stepId })];
  // Only the record of a send clears the mark `markInFlight` set before it.
  const clearsMark = event.kind === 'email_sent';
  if (counts) {
    writes.push(emailsSentWrite(deps.db, subject.ref, step.stepId, { ...context.sent, [recipientKey]: (context.sent[recipientKey] ?? 0) + 1 }, clearsMark));
    context.sent[recipientKey] = (context.sent[recipientKey] ?? 0) + 1;
  } else if (clearsMark) {
    writes.push(clearInFlightWrite(deps.db, subject.ref, step.stepId));
  }
  await deps.db.transact(writes);
};

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Deps } from '../deps.js';
import { getOfficial, type Official } from '../directory.js';
import { type StepEmailPurpose, renderStepEmail } from '../email/templates.js';
import { logger, metrics } from '../observability.js';
import { getProgramRecord } from '../programs/records.js';
import { signLink } from '../links/tokens.js';
import { actionsFor, type Step } from './model.js';

export interface StepEmailRequest {
  readonly purpose: StepEmailPurpose;
  readonly recipientId: string;
  /** Include an action link for the recipient (acting for the assignee when they are not the assignee). */
  readonly withLink: boolean;
  readonly reminderNumber?: number;
  readonly returnedComments?: readonly { by: string; text: string }[];
}

const purposeNeedsAction = (purpose: StepEmailPurpose) => purpose !== 'escalation_notice';

/**
 * Emails one person about a step and writes the audit event. An address marked undeliverable
 * (bounce or complaint) is not used: a request goes to the deputy instead. A send that fails
 * after the SDK's retries is recorded on the trail and counted for the alarm, never dropped silently.
 */
export const emailAboutStep = async (deps: Deps, step: Step, request: StepEmailRequest): Promise<void> => {
  const program = await getProgramRecord(deps.db, step.programId);
  const assignee = await getOfficial(deps.db, step.assigneeId);
  let recipient: Official = request.recipientId === assignee.id ? assignee : await getOfficial(deps.db, request.recipientId);
  let purpose = request.purpose;
  if (recipient.undeliverable) {
    await deps.db.recordEvent(step.programId, {
      kind: 'email_skipped',
      stepId: step.stepId,
      detail: { to: recipient.id, purpose, reason: 'address marked undeliverable' },
    });
    if (!recipient.deputyId || !purposeNeedsAction(purpose)) return;
    const deputy = await getOfficial(deps.db, recipient.deputyId);
    if (deputy.undeliverable) return;
    recipient = deputy;
    purpose = 'act_on_behalf';
  }
  const actingFor = recipient.id === assignee.id ? undefined : assignee.id;
  const link =
    request.withLink && purposeNeedsAction(purpose)
      ? `${deps.baseUrl}/a/${await signLink(deps.keys, {
          programId: step.programId,
          stepId: step.stepId,
          officialId: recipient.id,
          onBehalfOf: actingFor,
          actions: actionsFor[step.kind],
        })}`
      : undefined;
  const email = renderStepEmail({
    purpose,
    kind: step.kind,
    recipientName: recipient.name,
    recipientTitle: recipient.title,
    programTitle: program.title,
    documentVersion: program.documentVersion,
    dueMs: Date.parse(step.dueAt),
    link,
    assigneeName: assignee.name,
    reminderNumber: request.reminderNumber,
    returnedComments: request.returnedComments,
  });
  try {
    const { messageId } = await deps.mailer.send({ to: [recipient.email], ...email });
    metrics.addMetric('EmailsSent', MetricUnit.Count, 1);
    await deps.db.recordEvent(step.programId, {
      kind: 'email_sent',
      stepId: step.stepId,
      detail: { to: recipient.id, purpose, messageId, subject: email.subject },
    });
  } catch (error) {
    metrics.addMetric('EmailDeliveryFailed', MetricUnit.Count, 1);
    logger.error('Email could not be sent', { stepId: step.stepId, purpose, error: error as Error });
    await deps.db.recordEvent(step.programId, {
      kind: 'email_failed',
      stepId: step.stepId,
      detail: { to: recipient.id, purpose, error: (error as Error).name },
    });
    await deps.db.update({
      Key: { pk: `PROGRAM#${step.programId}`, sk: `STEP#${step.stepId}` },
      UpdateExpression: 'ADD deliveryFailures :one',
      ExpressionAttributeValues: { ':one': 1 },
    });
  }
};

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod/mini';
import { nowMs } from './clock.js';
import type { Deps } from './deps.js';
import { findOfficialsByEmail, getOfficial, markUndeliverable, type Official } from '#shared/store/directory.js';
import { logger, metrics } from './observability.js';
import { type Step, subjectOf } from '#shared/steps/model.js';
import { emailAboutStep, loadStepContext } from '#shared/steps/notify.js';
import { listOpenStepsOf } from '#shared/steps/queries.js';
import { setWhileOpen } from '#shared/store/steps.js';
import type { SubjectRef } from './subject-ref.js';

const recipient = z.object({ emailAddress: z.string(), status: z.optional(z.string()) });

/**
 * What SES publishes through a configuration set (`eventType`), or as identity notifications
 * (`notificationType`); only the fields this system acts on. Headers and subjects are never read.
 */
export const sesEventSchema = z.object({
  eventType: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  mail: z.optional(z.object({ messageId: z.optional(z.string()) })),
  bounce: z.optional(z.object({ bounceType: z.string(), bounceSubType: z.optional(z.string()), bouncedRecipients: z.array(recipient) })),
  complaint: z.optional(z.object({ complainedRecipients: z.array(recipient), complaintFeedbackType: z.optional(z.string()) })),
});
export type SesEvent = z.infer<typeof sesEventSchema>;

export interface Undeliverable {
  readonly email: string;
  readonly reason: string;
}

/**
 * The addresses an event proves undeliverable: every recipient of a permanent bounce (the mailbox
 * does not exist) and of a complaint (the person marked us as spam; SES will suppress them anyway).
 * A transient bounce (mailbox full, server down) is not: SES retries those and the next reminder may get through.
 */
export const undeliverableAddresses = (event: SesEvent): Undeliverable[] => {
  const type = event.eventType ?? event.notificationType;
  if (type === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    return event.bounce.bouncedRecipients.map((r) => ({
      email: r.emailAddress,
      reason: `bounce: ${event.bounce!.bounceType}/${event.bounce!.bounceSubType ?? 'General'}${r.status ? ` (${r.status})` : ''}`,
    }));
  }
  if (type === 'Complaint' && event.complaint) {
    return event.complaint.complainedRecipients.map((r) => ({
      email: r.emailAddress,
      reason: `complaint: ${event.complaint!.complaintFeedbackType ?? 'unspecified'}`,
    }));
  }
  return [];
};

const COUNTED: Record<string, string> = {
  Bounce: 'EmailsBounced',
  Complaint: 'EmailsComplained',
  Delivery: 'EmailsDelivered',
  Reject: 'EmailsRejected',
  'Rendering Failure': 'EmailRenderingFailures',
};

/** Handles one SES event: counts it, and for a permanent bounce or a complaint marks and reroutes. */
export const handleSesEvent = async (deps: Deps, raw: unknown): Promise<{ marked: string[] }> => {
  const event = sesEventSchema.parse(raw);
  const type = event.eventType ?? event.notificationType ?? 'unknown';
  const metric = COUNTED[type];
  if (metric) metrics.addMetric(metric, MetricUnit.Count, 1);
  if (type === 'Reject' || type === 'Rendering Failure') logger.warn('SES did not send an email', { type, messageId: event.mail?.messageId });
  const marked: string[] = [];
  for (const address of undeliverableAddresses(event)) {
    for (const official of await markAddressUndeliverable(deps, address)) marked.push(official.id);
  }
  return { marked };
};

/**
 * Marks every official with this address undeliverable (keeping the first mark), and hands each of
 * their open steps to their deputy once: the deputy gets an "act on behalf" email, and each affected
 * program's trail says what happened. Safe to run twice for the same event (SNS delivers at least once).
 */
export const markAddressUndeliverable = async (deps: Deps, address: Undeliverable): Promise<Official[]> => {
  const officials = await findOfficialsByEmail(deps.db, address.email);
  const at = new Date(nowMs()).toISOString();
  for (const official of officials) {
    const undeliverable = official.undeliverable ?? { at, reason: address.reason };
    if (!official.undeliverable) {
      if (await markUndeliverable(deps.db, official.id, undeliverable)) metrics.addMetric('AddressesMarkedUndeliverable', MetricUnit.Count, 1);
    }
    // Ids only: the address itself is personal data and stays out of the logs.
    logger.info('Address marked undeliverable', { officialId: official.id, reason: address.reason });
    await routeOpenStepsToDeputy(deps, { ...official, undeliverable }, at);
  }
  return officials;
};

const routeOpenStepsToDeputy = async (deps: Deps, official: Official, at: string) => {
  const routedBySubject = new Map<string, { subject: SubjectRef; stepIds: string[] }>();
  const steps: Step[] = [];
  for (const step of await listOpenStepsOf(deps.db, official.id)) {
    // Claims the step for rerouting, so a redelivered event or a retry never emails the deputy twice.
    if (!(await setWhileOpen(deps.db, subjectOf(step), step.stepId, { undeliverableRoutedAt: at }, { once: 'undeliverableRoutedAt' }))) continue;
    steps.push(step);
    const key = `${step.subjectType}#${step.subjectId}`;
    const entry = routedBySubject.get(key) ?? { subject: subjectOf(step), stepIds: [] };
    entry.stepIds.push(step.stepId);
    routedBySubject.set(key, entry);
  }
  for (const { subject, stepIds } of routedBySubject.values()) {
    await deps.db.recordEvent(subject, {
      kind: 'address_undeliverable',
      actorId: official.id,
      detail: { officialId: official.id, reason: official.undeliverable!.reason, stepIds, routedTo: official.deputyId ?? null },
    });
  }
  if (!official.deputyId) {
    if (steps.length > 0) logger.warn('Undeliverable official has open steps and no deputy', { officialId: official.id, steps: steps.length });
    return;
  }
  const deputy = await getOfficial(deps.db, official.deputyId);
  for (const step of steps) {
    await emailAboutStep(deps, await loadStepContext(deps, step), { purpose: 'act_on_behalf', to: deputy, link: 'act' });
  }
};

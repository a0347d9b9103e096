import { nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import type { LinkClaims } from '#shared/links/tokens.js';
import { claimLinkRenewal } from '#shared/store/steps.js';
import { getOfficial } from '#shared/directory.js';
import { type Step, subjectOf } from './model.js';
import { emailAboutStep, loadStepContext } from './notify.js';
import { getStep } from './queries.js';

/** A leaked link must not become a way to flood an official's mailbox. */
export const RENEWAL_INTERVAL_MS = 10 * 60_000;

export type RenewResult = { readonly status: 'sent' } | { readonly status: 'recently_sent'; readonly at: string } | { readonly status: 'not_open' };

/**
 * Emails the link's holder a fresh link for an open step, at most once per ten minutes per step:
 * the slot is claimed with a conditional write, so concurrent requests send one email. Asked for,
 * so it does not count toward the reminder cap.
 */
export const renewLink = async (deps: Deps, step: Step, claims: LinkClaims): Promise<RenewResult> => {
  const now = nowMs();
  const subject = subjectOf(step);
  if (!(await claimLinkRenewal(deps.db, subject, step.stepId, new Date(now).toISOString(), new Date(now - RENEWAL_INTERVAL_MS).toISOString()))) {
    const current = await getStep(deps.db, subject, step.stepId);
    if (current?.status !== 'open') return { status: 'not_open' };
    return { status: 'recently_sent', at: current.linkRenewedAt ?? new Date(now).toISOString() };
  }
  const context = await loadStepContext(deps, step);
  const holder = claims.officialId === context.assignee.id ? context.assignee : await getOfficial(deps.db, claims.officialId);
  await emailAboutStep(deps, context, { purpose: claims.onBehalfOf ? 'act_on_behalf' : 'new_link', to: holder, link: 'act', capped: false });
  await deps.db.recordEvent(subject, { kind: 'link_renewed', stepId: step.stepId, actorId: claims.officialId });
  return { status: 'sent' };
};

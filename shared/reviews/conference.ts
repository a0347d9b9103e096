import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type Invite, type InviteAttendee, inviteAttachment } from '../calendar/invites.js';
import { nowMs } from '../clock.js';
import type { Deps } from '../deps.js';
import { getOfficial, getOrganization, type Official } from '../directory.js';
import { html } from '../html.js';
import { logger, metrics } from '../observability.js';
import type { Program } from '../programs/model.js';
import { programSubject } from '../subject-ref.js';
import { displayDay } from '../plans/document.js';
import { type Conference, type ReviewRecord, reviewKey, reviewTitle } from './records.js';

/** A review conference takes half a day unless it says otherwise. */
export const CONFERENCE_HOURS = 4;

/** The instant a conference starts: its day and `HH:MM`, Vietnam time. */
export const conferenceStart = (date: string, time: string): number => Date.parse(`${date}T${time.padStart(5, '0')}:00+07:00`);

interface Invitee {
  readonly official: Official;
  readonly role: NonNullable<InviteAttendee['role']>;
}

/** Every party's head (the chair as chair) and focal point, each once. */
const invitees = async (deps: Deps, program: Program, chairId: string): Promise<Invitee[]> => {
  const byId = new Map<string, Invitee>();
  for (const party of program.parties) {
    for (const [id, role] of [[party.signatoryId, 'required'], [party.focalPointId, 'optional']] as const) {
      if (byId.has(id) && byId.get(id)!.role !== 'optional') continue;
      byId.set(id, { official: await getOfficial(deps.db, id), role: id === chairId ? 'chair' : role });
    }
  }
  if (!byId.has(chairId)) byId.set(chairId, { official: await getOfficial(deps.db, chairId), role: 'chair' });
  return [...byId.values()];
};

const inviteOf = (program: Program, review: ReviewRecord, conference: Conference, organizer: Official, people: readonly Invitee[], method: Invite['method']): Invite => ({
  uid: conference.uid,
  sequence: conference.sequence,
  method,
  startMs: Date.parse(conference.startAt),
  endMs: Date.parse(conference.endAt),
  summary: `Hội nghị ${reviewTitle(review.reviewId, program)}`,
  location: conference.place,
  description: `${program.title}. Hội nghị ${reviewTitle(review.reviewId, program)}.`,
  organizer: { name: organizer.name, email: organizer.email },
  attendees: people.map(({ official, role }) => ({ name: official.name, email: official.email, role })),
});

const subjectLine = (method: Invite['method'], sequence: number, what: string, when: string) =>
  method === 'CANCEL' ? `Hủy lịch: Hội nghị ${what}` : `${sequence === 0 ? 'Giấy mời' : 'Thay đổi lịch'}: Hội nghị ${what} – ${when}`;

/**
 * Emails every invitee the conference with its calendar invite (`REQUEST`, or `CANCEL` once
 * cancelled), each at most once per sequence: a retried task sends only what is missing. The
 * organizer is the lead party's focal point; the lead organisation invites.
 */
export const sendConferenceEmails = async (deps: Deps, program: Program, review: ReviewRecord): Promise<{ sent: number }> => {
  const conference = review.conference;
  if (!conference) return { sent: 0 };
  const method: Invite['method'] = conference.status === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const lead = program.parties.find((party) => party.organizationId === program.leadOrganizationId)!;
  const [organizer, host, chair, people] = await Promise.all([
    getOfficial(deps.db, lead.focalPointId),
    getOrganization(deps.db, program.leadOrganizationId),
    getOfficial(deps.db, conference.chairId),
    invitees(deps, program, conference.chairId),
  ]);
  const invite = inviteOf(program, review, conference, organizer, people, method);
  const what = reviewTitle(review.reviewId, program);
  const when = `${conference.time} ngày ${displayDay(conference.date)}`;
  const subject = programSubject(program.id);
  let sent = 0;
  for (const { official } of people) {
    if (conference.invitesSent[official.id] === conference.sequence) continue;
    if (official.undeliverable) {
      await deps.db.recordEvent(subject, { kind: 'email_skipped', detail: { to: official.id, purpose: 'conference_invite', reason: 'address marked undeliverable' } });
      continue;
    }
    const opening = method === 'CANCEL'
      ? `${host.name} trân trọng thông báo: Hội nghị ${what} dự kiến lúc ${when} tại ${conference.place} đã được hủy.${conference.cancelReason ? ` Lý do: ${conference.cancelReason}` : ''} Lịch mới (nếu có) sẽ được gửi sau.`
      : `${host.name} trân trọng kính mời đồng chí dự Hội nghị ${what}${conference.sequence > 0 ? ' (lịch đã thay đổi, thay cho giấy mời trước)' : ''}.`;
    const facts: [string, string][] = method === 'CANCEL' ? [] : [['Thời gian', when], ['Địa điểm', conference.place], ['Chủ trì', `Đồng chí ${chair.name}, ${chair.title}`], ['Chương trình', program.title]];
    const body = html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${subjectLine(method, conference.sequence, what, when)}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;">
<p>Kính gửi đồng chí ${official.name}, ${official.title}.</p>
<p>${opening}</p>
${facts.length > 0 ? html`<table role="presentation">${facts.map(([k, v]) => html`<tr><td style="padding-right: 12px;"><strong>${k}</strong></td><td>${v}</td></tr>`)}</table>` : ''}
<p style="font-size: 14px; color: #444444;">Tệp lịch đính kèm (.ics) cập nhật lịch của đồng chí.</p>
<p style="font-size: 14px; color: #444444;">Hệ thống theo dõi chương trình phối hợp công tác dân vận</p>
</body></html>`;
    const text = [`Kính gửi đồng chí ${official.name}, ${official.title}.`, '', opening, '', ...facts.map(([k, v]) => `${k}: ${v}`), '', 'Tệp lịch đính kèm (.ics) cập nhật lịch của đồng chí.', '', 'Hệ thống theo dõi chương trình phối hợp công tác dân vận'].join('\n');
    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send({ to: [official.email], subject: subjectLine(method, conference.sequence, what, when), html: body, text, attachments: [inviteAttachment(invite)] }));
    } catch (error) {
      // Recorded and counted for the alarm; the others still get theirs.
      metrics.addMetric('EmailDeliveryFailed', MetricUnit.Count, 1);
      logger.error('Conference invite could not be sent', { programId: program.id, reviewId: review.reviewId, error: error as Error });
      await deps.db.recordEvent(subject, { kind: 'email_failed', detail: { to: official.id, purpose: 'conference_invite', error: (error as Error).name } });
      continue;
    }
    metrics.addMetric('EmailsSent', MetricUnit.Count, 1);
    await deps.db.transact([
        {
          Update: {
            TableName: deps.db.tableName,
            Key: reviewKey(program.id, review.reviewId),
            UpdateExpression: 'SET conference.invitesSent.#official = :sequence',
            ConditionExpression: 'conference.#uid = :uid',
            ExpressionAttributeNames: { '#official': official.id, '#uid': 'uid' },
            ExpressionAttributeValues: { ':sequence': conference.sequence, ':uid': conference.uid },
          },
        },
        deps.db.auditEvent(subject, {
          kind: 'conference_invite_sent',
          actorId: official.id,
          detail: { reviewId: review.reviewId, to: official.id, method, uid: conference.uid, sequence: conference.sequence, messageId, at: new Date(nowMs()).toISOString() },
        }),
      ]);
    sent += 1;
  }
  return { sent };
};

/** A conference as set from the lead party's form: Vietnam wall-clock day and time, half a day long. */
export const conferenceTimes = (date: string, time: string) => {
  const start = conferenceStart(date, time);
  return { startAt: new Date(start).toISOString(), endAt: new Date(start + CONFERENCE_HOURS * 3_600_000).toISOString() };
};


import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type Invite, type InviteAttendee, inviteAttachment } from '#shared/calendar/invites.js';
import { nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOfficial, getOrganization, type Official } from '#shared/directory.js';
import { html } from '#shared/html.js';
import { logger, metrics } from '#shared/observability.js';
import type { Program } from '#shared/programs/model.js';
import { programSubject } from '#shared/subject-ref.js';
import { displayDay } from '#shared/stages/annual-plan/document.js';
import { inviteSentWrite } from '#shared/store/reviews.js';
import { type Conference, type ReviewRecord, reviewTitle } from './records.js';

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

const SIGNATURE = 'Hệ thống theo dõi chương trình phối hợp công tác dân vận';
const CALENDAR_NOTE = 'Tệp lịch đính kèm (.ics) cập nhật lịch của đồng chí.';

interface ConferenceEmailFacts {
  readonly method: Invite['method'];
  readonly conference: Conference;
  readonly what: string;
  readonly hostName: string;
  readonly chair: Official;
  readonly programTitle: string;
}

/** The invitation, its update, or its cancellation, as one official reads it (Vietnamese HTML and text). */
const conferenceEmail = (to: Official, f: ConferenceEmailFacts) => {
  const { conference } = f;
  const when = `${conference.time} ngày ${displayDay(conference.date)}`;
  const subject =
    f.method === 'CANCEL' ? `Hủy lịch: Hội nghị ${f.what}` : `${conference.sequence === 0 ? 'Giấy mời' : 'Thay đổi lịch'}: Hội nghị ${f.what} – ${when}`;
  const opening =
    f.method === 'CANCEL'
      ? `${f.hostName} trân trọng thông báo: Hội nghị ${f.what} dự kiến lúc ${when} tại ${conference.place} đã được hủy.${conference.cancelReason ? ` Lý do: ${conference.cancelReason}` : ''} Lịch mới (nếu có) sẽ được gửi sau.`
      : `${f.hostName} trân trọng kính mời đồng chí dự Hội nghị ${f.what}${conference.sequence > 0 ? ' (lịch đã thay đổi, thay cho giấy mời trước)' : ''}.`;
  const facts: [string, string][] =
    f.method === 'CANCEL'
      ? []
      : [
          ['Thời gian', when],
          ['Địa điểm', conference.place],
          ['Chủ trì', `Đồng chí ${f.chair.name}, ${f.chair.title}`],
          ['Chương trình', f.programTitle],
        ];
  const greeting = `Kính gửi đồng chí ${to.name}, ${to.title}.`;
  const body = html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;">
<p>${greeting}</p>
<p>${opening}</p>
${facts.length > 0 ? html`<table role="presentation">${facts.map(([k, v]) => html`<tr><td style="padding-right: 12px;"><strong>${k}</strong></td><td>${v}</td></tr>`)}</table>` : ''}
<p style="font-size: 14px; color: #444444;">${CALENDAR_NOTE}</p>
<p style="font-size: 14px; color: #444444;">${SIGNATURE}</p>
</body></html>`;
  const text = [greeting, '', opening, '', ...facts.map(([k, v]) => `${k}: ${v}`), '', CALENDAR_NOTE, '', SIGNATURE].join('\n');
  return { subject, html: body, text };
};

/** That an official was sent this sequence, with its audit event; holds only while the conference is still that one. */
const recordSent = (deps: Deps, program: Program, review: ReviewRecord, conference: Conference, official: Official, method: Invite['method'], messageId: string) =>
  deps.db.transact([
    inviteSentWrite(deps.db, program.id, review.reviewId, conference, official.id),
    deps.db.auditEvent(programSubject(program.id), {
      kind: 'conference_invite_sent',
      actorId: official.id,
      detail: { reviewId: review.reviewId, to: official.id, method, uid: conference.uid, sequence: conference.sequence, messageId, at: new Date(nowMs()).toISOString() },
    }),
  ]);

/**
 * Emails every invitee the conference with its calendar invite (`REQUEST`, or `CANCEL` once
 * cancelled), each at most once per sequence: a retried task sends only what is missing. The
 * organizer is the lead party's focal point; the lead organisation invites. A send that fails is
 * recorded and counted for the alarm, and the others still get theirs.
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
  const attachment = inviteAttachment(inviteOf(program, review, conference, organizer, people, method));
  const facts: ConferenceEmailFacts = { method, conference, what: reviewTitle(review.reviewId, program), hostName: host.name, chair, programTitle: program.title };
  const subject = programSubject(program.id);
  let sent = 0;
  for (const { official } of people) {
    if (conference.invitesSent[official.id] === conference.sequence) continue;
    if (official.undeliverable) {
      await deps.db.recordEvent(subject, { kind: 'email_skipped', detail: { to: official.id, purpose: 'conference_invite', reason: 'address marked undeliverable' } });
      continue;
    }
    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send({ to: [official.email], ...conferenceEmail(official, facts), attachments: [attachment] }));
    } catch (error) {
      metrics.addMetric('EmailDeliveryFailed', MetricUnit.Count, 1);
      logger.error('Conference invite could not be sent', { programId: program.id, reviewId: review.reviewId, error: error as Error });
      await deps.db.recordEvent(subject, { kind: 'email_failed', detail: { to: official.id, purpose: 'conference_invite', error: (error as Error).name } });
      continue;
    }
    metrics.addMetric('EmailsSent', MetricUnit.Count, 1);
    await recordSent(deps, program, review, conference, official, method, messageId);
    sent += 1;
  }
  return { sent };
};

/** A conference as set from the lead party's form: Vietnam wall-clock day and time, half a day long. */
export const conferenceTimes = (date: string, time: string) => {
  const start = conferenceStart(date, time);
  return { startAt: new Date(start).toISOString(), endAt: new Date(start + CONFERENCE_HOURS * 3_600_000).toISOString() };
};


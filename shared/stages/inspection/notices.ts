import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { inviteAttachment, type Invite } from '#shared/calendar/invites.js';
import { vietnamDayAt, vietnamDisplayDate } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOfficial, getOrganization, type Official } from '#shared/directory.js';
import { html } from '#shared/html.js';
import { logger, metrics } from '#shared/observability.js';
import { listNoticeKeys, noticeWrite } from '#shared/store/inspections.js';
import { type Inspection, roleLabels, teamLeadOf, type Visit } from './model.js';
import { inspectionSubject } from './subject.js';

/** What the inspected unit is told about a visit. */
export type NoticePurpose = 'invite' | 'update' | 'cancel' | 'reminder';

/** The hours of a visit day, Asia/Ho_Chi_Minh: the invite's DTSTART and DTEND. */
export const VISIT_HOURS = { start: 8, end: 17 } as const;

const SIGNATURE = 'Hệ thống theo dõi chương trình phối hợp công tác dân vận';

/** Stable per visit, so calendars replace the event on an update and remove it on a cancellation. */
export const inviteUid = (inspectionId: string, visitId: string) => `inspection-${inspectionId}-${visitId}@danvan.gov.vn`;

interface NoticeFacts {
  readonly inspection: Inspection;
  readonly visit: Visit;
  readonly unitName: string;
  readonly lead: Official;
  readonly team: readonly { official: Official; line: string }[];
}

const dates = (visit: Visit) => (visit.start === visit.end ? vietnamDisplayDate(vietnamDayAt(visit.start, 12)) : `${vietnamDisplayDate(vietnamDayAt(visit.start, 12))}–${vietnamDisplayDate(vietnamDayAt(visit.end, 12))}`);

const subjects: Record<NoticePurpose, (f: NoticeFacts) => string> = {
  invite: (f) => `Giấy mời: Đoàn kiểm tra liên ngành làm việc với ${f.unitName} (${dates(f.visit)})`,
  update: (f) => `Thay đổi lịch: Đoàn kiểm tra liên ngành làm việc với ${f.unitName} (${dates(f.visit)})`,
  cancel: (f) => `Hủy lịch: Đoàn kiểm tra liên ngành làm việc với ${f.unitName} (${dates(f.visit)})`,
  reminder: (f) => `Nhắc lịch: Đoàn kiểm tra liên ngành làm việc với ${f.unitName} từ ngày ${vietnamDisplayDate(vietnamDayAt(f.visit.start, 12))}`,
};

const when = (f: NoticeFacts) =>
  `từ ${String(VISIT_HOURS.start).padStart(2, '0')} giờ ngày ${vietnamDisplayDate(vietnamDayAt(f.visit.start, 12))} đến hết ngày ${vietnamDisplayDate(vietnamDayAt(f.visit.end, 12))}${f.visit.place ? `, tại ${f.visit.place}` : ''}`;

const leads: Record<NoticePurpose, (f: NoticeFacts, workingDaysLeft?: number) => string> = {
  invite: (f) =>
    `Thực hiện “${f.inspection.title}”, Đoàn kiểm tra liên ngành do đồng chí ${f.lead.name}, ${f.lead.title}, làm Trưởng đoàn sẽ làm việc với ${f.unitName} ${when(f)}. Đề nghị đơn vị chuẩn bị báo cáo và bố trí thành phần làm việc với Đoàn.`,
  update: (f) => `Lịch làm việc của Đoàn kiểm tra liên ngành với ${f.unitName} theo “${f.inspection.title}” được điều chỉnh: nay Đoàn làm việc ${when(f)}. Lịch kèm theo thư này thay cho lịch đã gửi trước đây.`,
  cancel: (f) => `Lịch làm việc của Đoàn kiểm tra liên ngành với ${f.unitName} theo “${f.inspection.title}” (${dates(f.visit)}) đã được hủy. Lịch kèm theo thư này xóa buổi làm việc khỏi lịch của đồng chí.`,
  reminder: (f, left) => `Xin nhắc: còn ${left ?? 1} ngày làm việc nữa, Đoàn kiểm tra liên ngành theo “${f.inspection.title}” sẽ làm việc với ${f.unitName} ${when(f)}.`,
};

export const renderVisitNotice = (purpose: NoticePurpose, facts: NoticeFacts, recipient: Official, workingDaysLeft?: number) => {
  const subject = subjects[purpose](facts);
  const greeting = `Kính gửi đồng chí ${recipient.name}, ${recipient.title}.`;
  const lead = leads[purpose](facts, workingDaysLeft);
  const teamLines = purpose === 'cancel' ? [] : facts.team.map((member) => member.line);
  const attached = purpose === 'reminder' ? '' : 'Tệp lịch (.ics) kèm theo thư mở được bằng ứng dụng lịch của đồng chí.';
  const body = html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;">
<p>${greeting}</p>
<p>${lead}</p>
${teamLines.length > 0 ? html`<p><strong>Thành phần Đoàn:</strong></p><ol>${teamLines.map((line) => html`<li>${line}</li>`)}</ol>` : ''}
${attached ? html`<p>${attached}</p>` : ''}
<p style="font-size: 14px; color: #444444;">${SIGNATURE}</p>
</body></html>`;
  const text = [greeting, '', lead, ...(teamLines.length > 0 ? ['', 'Thành phần Đoàn:', ...teamLines.map((line, i) => `${i + 1}. ${line}`)] : []), ...(attached ? ['', attached] : []), '', SIGNATURE].join('\n');
  return { subject, html: body, text };
};

export const inviteFor = (facts: NoticeFacts, head: Official, focalPoint: Official, method: Invite['method']): Invite => ({
  uid: inviteUid(facts.inspection.id, facts.visit.id),
  sequence: facts.visit.sequence,
  method,
  startMs: vietnamDayAt(facts.visit.start, VISIT_HOURS.start),
  endMs: vietnamDayAt(facts.visit.end, VISIT_HOURS.end),
  summary: `Đoàn kiểm tra liên ngành làm việc với ${facts.unitName}`,
  location: facts.visit.place,
  description: [facts.inspection.title, 'Thành phần Đoàn:', ...facts.team.map((member) => `- ${member.line}`)].join('\n'),
  organizer: { name: facts.lead.name, email: facts.lead.email },
  attendees: [
    { name: head.name, email: head.email, role: 'required' },
    ...(focalPoint.id === head.id ? [] : [{ name: focalPoint.name, email: focalPoint.email, role: 'optional' as const }]),
    { name: facts.lead.name, email: facts.lead.email, role: 'chair' },
  ],
});

export const loadNoticeFacts = async (deps: Deps, inspection: Inspection, visit: Visit): Promise<NoticeFacts> => {
  const unit = await getOrganization(deps.db, visit.organizationId);
  const agencies = new Map(await Promise.all(inspection.agencies.map(async (a) => [a.organizationId, (await getOrganization(deps.db, a.organizationId)).name] as const)));
  const team = await Promise.all(
    inspection.members.map(async (member) => {
      const official = await getOfficial(deps.db, member.officialId);
      return { official, line: `Đồng chí ${official.name}, ${official.title} – ${roleLabels[member.role]} (${agencies.get(member.organizationId) ?? member.organizationId})` };
    }),
  );
  return { inspection, visit, unitName: unit.name, lead: team.find((m) => m.official.id === teamLeadOf(inspection).officialId)!.official, team };
};

/** The notices already sent about a visit, by `<key>#<recipient>` (one query on the plan's partition). */
export const sentNotices = async (deps: Deps, inspectionId: string, visitId: string): Promise<Set<string>> => listNoticeKeys(deps.db, inspectionId, visitId);

/**
 * Sends one notice about a visit to its unit's head and focal point, each once: an email already
 * recorded under its key is not sent again (a retried task), and the record and the trail's
 * `email_sent` are written together. An address marked undeliverable goes to the deputy instead.
 * Says how many went out now, and whether a send failed (it is on the trail; the stage tries again soon).
 */
export const sendVisitNotice = async (
  deps: Deps,
  facts: NoticeFacts,
  purpose: NoticePurpose,
  noticeKey: string,
  sent: Set<string>,
  workingDaysLeft?: number,
): Promise<{ sentNow: number; failed: boolean }> => {
  const { inspection, visit } = facts;
  const subject = inspectionSubject(inspection.id);
  const [head, focalPoint] = await Promise.all([getOfficial(deps.db, visit.headId), getOfficial(deps.db, visit.focalPointId)]);
  const method = purpose === 'cancel' ? 'CANCEL' : 'REQUEST';
  const attachments = purpose === 'reminder' ? undefined : [inviteAttachment(inviteFor(facts, head, focalPoint, method))];
  let sentNow = 0;
  let failed = false;
  for (const addressee of head.id === focalPoint.id ? [head] : [head, focalPoint]) {
    const recordKey = `${noticeKey}#${addressee.id}`;
    if (sent.has(recordKey)) continue;
    const recipient = addressee.undeliverable && addressee.deputyId ? await getOfficial(deps.db, addressee.deputyId) : addressee;
    const detail = { to: recipient.id, purpose: `visit_${purpose}`, visitId: visit.id, sequence: visit.sequence };
    if (recipient.undeliverable) {
      await deps.db.transact([
        noticeWrite(deps.db, inspection.id, visit.id, recordKey, { skipped: true }),
        deps.db.auditEvent(subject, { kind: 'email_skipped', detail: { ...detail, reason: 'address marked undeliverable' } }),
      ]);
      continue;
    }
    const email = renderVisitNotice(purpose, facts, recipient, workingDaysLeft);
    try {
      const { messageId } = await deps.mailer.send({ to: [recipient.email], ...email, attachments });
      metrics.addMetric('EmailsSent', MetricUnit.Count, 1);
      await deps.db.transact([
        noticeWrite(deps.db, inspection.id, visit.id, recordKey, { messageId }),
        deps.db.auditEvent(subject, { kind: 'email_sent', detail: { ...detail, messageId, subject: email.subject } }),
      ]);
      sent.add(recordKey);
      sentNow += 1;
    } catch (error) {
      failed = true;
      metrics.addMetric('EmailDeliveryFailed', MetricUnit.Count, 1);
      logger.error('Email could not be sent', { inspectionId: inspection.id, visitId: visit.id, purpose, error: error as Error });
      await deps.db.recordEvent(subject, { kind: 'email_failed', detail: { ...detail, error: (error as Error).name } });
    }
  }
  return { sentNow, failed };
};

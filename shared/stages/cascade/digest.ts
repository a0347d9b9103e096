import { nowMs, vietnamDate } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOfficial } from '#shared/directory.js';
import { html } from '#shared/html.js';
import { getProgramRecord } from '#shared/store/programs.js';
import { claimCascadeDigest } from '#shared/store/digests.js';
import { listLateSteps } from '#shared/store/steps.js';
import { linkFor, loadStepContext } from '#shared/steps/notify.js';
import { getStep } from '#shared/steps/queries.js';
import { programSubject } from '#shared/subject-ref.js';
import { PREPARE_PROGRAM } from './names.js';
import { cascadeTable, type CascadeView, getCascadeView, summaryWords, unitProgress } from './view.js';

const FOOTER = 'Đường dẫn trên dành riêng cho đồng chí, chỉ để theo dõi, có thời hạn 90 ngày; xin không chuyển tiếp thư này.';
const SIGNATURE = 'Hệ thống theo dõi chương trình phối hợp công tác dân vận';

/** The weekly email to a parent program's focal point: the table of units, and a link to the same table as a page. */
export const renderCascadeDigest = (f: { recipientName: string; recipientTitle: string; view: CascadeView; link: string }) => {
  const subject = `Tiến độ triển khai chương trình “${f.view.title}”: ${summaryWords(f.view)}`;
  const greeting = `Kính gửi đồng chí ${f.recipientName}, ${f.recipientTitle}.`;
  const lead = 'Xin báo cáo tiến độ các đơn vị cấp dưới xây dựng và ký kết chương trình phối hợp của đơn vị mình, triển khai chương trình đồng chí làm đầu mối:';
  const body = html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;">
<p>${greeting}</p>
<p>${lead}</p>
${cascadeTable(f.view)}
<p><a href="${f.link}">Xem bảng tiến độ</a></p>
<p style="font-size: 14px; color: #444444;">${FOOTER}</p>
<p style="font-size: 14px; color: #444444;">${SIGNATURE}</p>
</body></html>`;
  const text = [
    greeting,
    '',
    lead,
    '',
    `${summaryWords(f.view)}.`,
    ...f.view.units.map((unit, index) => `${index + 1}. ${unit.organizationName}: ${unitProgress(unit)}`),
    '',
    `Xem bảng tiến độ: ${f.link}`,
    '',
    FOOTER,
    '',
    SIGNATURE,
  ].join('\n');
  return { subject, html: body, text };
};

/**
 * On the week's first working day: every program whose cascade has late units (found through its
 * late cascade steps, index `byDueDate` partition `LATE`, never the table) sends its lead focal
 * point the table of units, once that day (a conditional claim), with a view-only link to the page
 * that shows the same table. Nothing is sent once no unit is late.
 */
export const sendCascadeDigests = async (deps: Deps): Promise<{ sent: number; programs: number }> => {
  const late = (await listLateSteps(deps.db, PREPARE_PROGRAM)).map(({ step }) => step);
  const programIds = [...new Set(late.map((item) => item.subjectId))];
  const date = vietnamDate(nowMs());
  let sent = 0;
  for (const programId of programIds) {
    const view = await getCascadeView(deps, programId);
    const lateUnit = view.units.find((unit) => unit.state === 'late');
    if (!lateUnit) continue;
    const program = await getProgramRecord(deps.db, programId);
    const watcherId = program.parties.find((party) => party.organizationId === program.leadOrganizationId)?.focalPointId;
    if (!watcherId) continue;
    const watcher = await getOfficial(deps.db, watcherId);
    if (watcher.undeliverable) continue;
    if (!(await claimCascadeDigest(deps.db, programId, date, watcherId))) continue;
    const step = late.find((item) => item.subjectId === programId && item.partyOrganizationId === lateUnit.organizationId) ?? late.find((item) => item.subjectId === programId)!;
    const context = await loadStepContext(deps, (await getStep(deps.db, programSubject(programId), step.stepId))!);
    const email = renderCascadeDigest({ recipientName: watcher.name, recipientTitle: watcher.title, view, link: await linkFor(deps, context, watcherId, false) });
    const { messageId } = await deps.mailer.send({ to: [watcher.email], ...email });
    await deps.db.recordEvent(programSubject(programId), { kind: 'email_sent', detail: { to: watcherId, purpose: 'cascade_digest', messageId, subject: email.subject } });
    sent += 1;
  }
  return { sent, programs: programIds.length };
};

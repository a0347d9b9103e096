import { vietnamDisplayDate } from '#shared/clock.js';
import { html, multiline, type SafeHtml } from '#shared/html.js';

export type StepEmailPurpose =
  | 'request'
  | 'reminder'
  | 'overdue'
  | 'act_on_behalf'
  | 'deputy_reminder'
  | 'escalation_notice'
  | 'second_level_notice'
  | 'new_link'
  | 'withdrawn';

/** The wording of a step kind, as its registry entry declares it. */
export interface KindWording {
  readonly title: string;
  readonly sentence: string;
}

export interface StepEmailFacts {
  readonly purpose: StepEmailPurpose;
  readonly kind: KindWording;
  readonly recipientName: string;
  readonly recipientTitle: string;
  readonly subjectTitle: string;
  readonly documentVersion?: number;
  readonly dueMs: number;
  /** An action link, or for notices a link that only shows the step and what else is late. */
  readonly link?: string;
  readonly assigneeName: string;
  readonly reminderNumber?: number;
  /** Extra lines the kind adds to a request, e.g. the comments a revision answers. */
  readonly notes?: readonly { by: string; text: string }[];
  /** Set on the last email this recipient will get about the step. */
  readonly lastOne?: boolean;
  /** Why a request was withdrawn (its subject ended), in Vietnamese. */
  readonly reason?: string;
  /** The recipient gets the weekly digest of late steps (the subject's lead focal point), which lists the step from then on. */
  readonly inWeeklyDigest?: boolean;
}

/**
 * Text for a header line (an email's subject): every run of control characters or line separators
 * becomes one space, so a name stored with a line break can never start a header of its own or make
 * SES refuse the email.
 */
export const oneLine = (text: string): string => text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');

const subjectPrefix: Record<StepEmailPurpose, (f: StepEmailFacts) => string> = {
  request: () => '',
  reminder: (f) => `Nhắc lần ${f.reminderNumber ?? 1}: `,
  overdue: () => 'Thông báo quá hạn: ',
  act_on_behalf: () => 'Đề nghị xử lý thay: ',
  deputy_reminder: () => 'Nhắc xử lý thay: ',
  escalation_notice: () => 'Báo cáo chậm xử lý: ',
  second_level_notice: () => 'Báo cáo cấp trên – chậm xử lý: ',
  new_link: () => 'Đường dẫn mới: ',
  withdrawn: () => 'Rút lại đề nghị: ',
};

const what = (f: StepEmailFacts) => `${f.kind.sentence} “${f.subjectTitle}”${f.documentVersion ? ` (phiên bản ${f.documentVersion})` : ''}`;

const opening = (f: StepEmailFacts): string => {
  const due = vietnamDisplayDate(f.dueMs);
  switch (f.purpose) {
    case 'request':
      return `Đề nghị đồng chí ${what(f)} trước ngày ${due}.`;
    case 'reminder':
      return `Hệ thống xin nhắc: việc ${what(f)} đến hạn ngày ${due} vẫn đang chờ ý kiến của đồng chí.`;
    case 'overdue':
      return `Việc ${what(f)} đã quá hạn (hạn ngày ${due}). Đề nghị đồng chí khẩn trương xử lý.`;
    case 'act_on_behalf':
      return `Đồng chí ${f.assigneeName} chưa xử lý việc ${what(f)} (hạn ngày ${due}). Đề nghị đồng chí, với tư cách người được ủy quyền, xử lý thay.`;
    case 'deputy_reminder':
      return `Hệ thống xin nhắc: việc ${what(f)} (hạn ngày ${due}) mà đồng chí được đề nghị xử lý thay đồng chí ${f.assigneeName} vẫn chưa được xử lý.`;
    case 'escalation_notice':
      return `Xin báo cáo: đồng chí ${f.assigneeName} chưa xử lý việc ${what(f)} (hạn ngày ${due}) dù đã được nhắc ${f.reminderNumber ?? 0} lần; người được ủy quyền đã được đề nghị xử lý thay.`;
    case 'second_level_notice':
      return `Xin báo cáo cấp trên: việc ${what(f)} giao đồng chí ${f.assigneeName} đã quá hạn từ ngày ${due}, dù đã được nhắc và đã đề nghị người được ủy quyền xử lý thay. Trang dưới đây liệt kê các việc đang chậm.`;
    case 'new_link':
      return `Theo đề nghị của đồng chí, đây là đường dẫn mới để ${what(f)} (hạn ngày ${due}).`;
    case 'withdrawn':
      return `Đề nghị đồng chí ${what(f)} (hạn ngày ${due}) đã được rút lại${f.reason ? `: ${f.reason}` : ''}. Đồng chí không cần xử lý thêm; đường dẫn trong các thư trước không còn hiệu lực.`;
  }
};

const observerPurposes: ReadonlySet<StepEmailPurpose> = new Set(['escalation_notice', 'second_level_notice']);

export interface RenderedEmail {
  readonly subject: string;
  readonly html: SafeHtml;
  readonly text: string;
}

const FOOTER =
  'Đường dẫn trên dành riêng cho đồng chí, có thời hạn; xin không chuyển tiếp thư này. Mở đường dẫn chỉ để xem, chưa ghi nhận ý kiến cho đến khi đồng chí bấm nút xác nhận.';
const SIGNATURE = 'Hệ thống theo dõi chương trình phối hợp công tác dân vận';

const button = (link: string, label: string) =>
  html`<p><a href="${link}" style="display: inline-block; padding: 12px 20px; background: #0b4f8a; color: #ffffff; text-decoration: none; border-radius: 4px;">${label}</a></p>
<p style="font-size: 14px;">Nếu nút không hoạt động, sao chép địa chỉ sau vào trình duyệt:<br>${link}</p>`;

/** One template for every message about a step; wording varies by purpose, layout never does. */
export const renderStepEmail = (f: StepEmailFacts): RenderedEmail => {
  const subject = oneLine(`${subjectPrefix[f.purpose](f)}${f.kind.title} “${f.subjectTitle}” – hạn ${vietnamDisplayDate(f.dueMs)}`);
  const greeting = `Kính gửi đồng chí ${f.recipientName}, ${f.recipientTitle}.`;
  const lead = opening(f);
  const notes = f.notes ?? [];
  const label = observerPurposes.has(f.purpose) ? 'Xem các việc đang chậm' : 'Mở trang xử lý';
  // Only the lead focal point gets the weekly digest: nobody else is promised it.
  const last = !f.lastOne
    ? ''
    : f.inWeeklyDigest
      ? 'Đây là thư nhắc cuối cùng về việc này; từ nay việc này chỉ được nêu trong thư tổng hợp hằng tuần.'
      : 'Đây là thư nhắc cuối cùng về việc này; hệ thống sẽ không gửi thêm thư cho đồng chí về việc này.';
  const body = html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;">
<p>${greeting}</p>
<p>${lead}</p>
${notes.length > 0 ? html`<p><strong>Ý kiến đã nhận:</strong></p><ul>${notes.map((c) => html`<li><strong>${c.by}:</strong> ${multiline(c.text)}</li>`)}</ul>` : ''}
${f.link ? button(f.link, label) : ''}
${last ? html`<p><em>${last}</em></p>` : ''}
${f.link ? html`<p style="font-size: 14px; color: #444444;">${FOOTER}</p>` : ''}
<p style="font-size: 14px; color: #444444;">${SIGNATURE}</p>
</body></html>`;
  const text = [
    greeting,
    '',
    lead,
    ...(notes.length > 0 ? ['', 'Ý kiến đã nhận:', ...notes.map((c) => `- ${c.by}: ${c.text}`)] : []),
    ...(f.link ? ['', `${label}: ${f.link}`] : []),
    ...(last ? ['', last] : []),
    // The footer speaks of "the link above": only where there is one.
    ...(f.link ? ['', FOOTER] : []),
    '',
    SIGNATURE,
  ].join('\n');
  return { subject, html: body, text };
};

export interface DigestLine {
  readonly subjectTitle: string;
  readonly kindTitle: string;
  readonly assigneeName?: string;
  readonly dueMs: number;
  readonly overdue: boolean;
  readonly link?: string;
}

/** A morning digest of one official's open steps, or the weekly digest of late steps for a lead focal point. */
export const renderDigestEmail = (f: { recipientName: string; recipientTitle: string; weekly: boolean; lines: readonly DigestLine[] }): RenderedEmail => {
  const subject = f.weekly
    ? `Tổng hợp hằng tuần: ${f.lines.length} việc chậm xử lý`
    : `Tổng hợp: ${f.lines.length} việc đang chờ đồng chí xử lý`;
  const greeting = `Kính gửi đồng chí ${f.recipientName}, ${f.recipientTitle}.`;
  const lead = f.weekly
    ? 'Xin báo cáo các việc đã quá hạn trong các chương trình đồng chí làm đầu mối:'
    : 'Các việc sau đang chờ đồng chí xử lý; mỗi việc có đường dẫn riêng:';
  const line = (l: DigestLine) =>
    `${l.kindTitle} “${l.subjectTitle}”${l.assigneeName ? ` – giao đồng chí ${l.assigneeName}` : ''} – hạn ${vietnamDisplayDate(l.dueMs)}${l.overdue ? ' (đã quá hạn)' : ''}`;
  const body = html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;">
<p>${greeting}</p>
<p>${lead}</p>
<ol>${f.lines.map((l) => html`<li>${line(l)}${l.link ? html`<br><a href="${l.link}">Mở trang xử lý</a>` : ''}</li>`)}</ol>
<p style="font-size: 14px; color: #444444;">${FOOTER}</p>
<p style="font-size: 14px; color: #444444;">${SIGNATURE}</p>
</body></html>`;
  const text = [greeting, '', lead, '', ...f.lines.flatMap((l, i) => [`${i + 1}. ${line(l)}`, ...(l.link ? [`   Mở trang xử lý: ${l.link}`] : [])]), '', FOOTER, '', SIGNATURE].join('\n');
  return { subject, html: body, text };
};

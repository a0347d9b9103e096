import { vietnamDisplayDate } from '../clock.js';
import { html, multiline, type SafeHtml } from '../html.js';
import type { StepKind } from '../steps/model.js';

/** Vietnamese wording of what each kind of step asks. */
export const askedTo: Record<StepKind, { title: string; sentence: string }> = {
  review: { title: 'Đề nghị cho ý kiến dự thảo', sentence: 'xem xét và cho ý kiến (đồng ý hoặc trả lại kèm góp ý) đối với dự thảo' },
  sign: { title: 'Đề nghị ký Chương trình phối hợp', sentence: 'ký (hoặc từ chối ký, nêu rõ lý do) Chương trình phối hợp' },
  revise: { title: 'Đề nghị chỉnh sửa dự thảo', sentence: 'tiếp thu góp ý, chỉnh sửa và gửi lại dự thảo' },
};

export type StepEmailPurpose = 'request' | 'reminder' | 'overdue' | 'act_on_behalf' | 'escalation_notice' | 'new_link';

export interface StepEmailFacts {
  readonly purpose: StepEmailPurpose;
  readonly kind: StepKind;
  readonly recipientName: string;
  readonly recipientTitle: string;
  readonly programTitle: string;
  readonly documentVersion: number;
  readonly dueMs: number;
  /** Absent for notices that ask nothing of the recipient. */
  readonly link?: string;
  readonly assigneeName: string;
  readonly reminderNumber?: number;
  /** Comments from the reviewers or signatories who returned the draft, for a revision. */
  readonly returnedComments?: readonly { by: string; text: string }[];
}

const subjectPrefix: Record<StepEmailPurpose, (f: StepEmailFacts) => string> = {
  request: () => '',
  reminder: (f) => `Nhắc lần ${f.reminderNumber ?? 1}: `,
  overdue: () => 'Thông báo quá hạn: ',
  act_on_behalf: () => 'Đề nghị xử lý thay: ',
  escalation_notice: () => 'Báo cáo chậm xử lý: ',
  new_link: () => 'Đường dẫn mới: ',
};

const opening = (f: StepEmailFacts): string => {
  const due = vietnamDisplayDate(f.dueMs);
  const asked = askedTo[f.kind].sentence;
  switch (f.purpose) {
    case 'request':
      return `Đề nghị đồng chí ${asked} “${f.programTitle}” (phiên bản ${f.documentVersion}) trước ngày ${due}.`;
    case 'reminder':
      return `Hệ thống xin nhắc: việc ${asked} “${f.programTitle}” đến hạn ngày ${due} vẫn đang chờ ý kiến của đồng chí.`;
    case 'overdue':
      return `Việc ${asked} “${f.programTitle}” đã quá hạn (hạn ngày ${due}). Đề nghị đồng chí khẩn trương xử lý.`;
    case 'act_on_behalf':
      return `Đồng chí ${f.assigneeName} chưa xử lý việc ${asked} “${f.programTitle}” (hạn ngày ${due}). Đề nghị đồng chí, với tư cách người được ủy quyền, xử lý thay (ký thay – KT.).`;
    case 'escalation_notice':
      return `Xin báo cáo: đồng chí ${f.assigneeName} chưa xử lý việc ${asked} “${f.programTitle}” (hạn ngày ${due}) dù đã được nhắc ${f.reminderNumber ?? 0} lần.`;
    case 'new_link':
      return `Theo đề nghị của đồng chí, đây là đường dẫn mới để ${asked} “${f.programTitle}” (hạn ngày ${due}).`;
  }
};

export interface RenderedEmail {
  readonly subject: string;
  readonly html: SafeHtml;
  readonly text: string;
}

/** One template for every message about a step; wording varies by purpose, layout never does. */
export const renderStepEmail = (f: StepEmailFacts): RenderedEmail => {
  const subject = `${subjectPrefix[f.purpose](f)}${askedTo[f.kind].title} “${f.programTitle}” – hạn ${vietnamDisplayDate(f.dueMs)}`;
  const greeting = `Kính gửi đồng chí ${f.recipientName}, ${f.recipientTitle}.`;
  const lead = opening(f);
  const comments = f.returnedComments ?? [];
  const footer =
    'Đường dẫn trên dành riêng cho đồng chí, chỉ dùng được một lần và có thời hạn; xin không chuyển tiếp thư này. Mở đường dẫn chỉ để xem, chưa ghi nhận ý kiến cho đến khi đồng chí bấm nút xác nhận.';
  const body = html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;">
<p>${greeting}</p>
<p>${lead}</p>
${
  comments.length > 0
    ? html`<p><strong>Ý kiến đã nhận:</strong></p><ul>${comments.map((c) => html`<li><strong>${c.by}:</strong> ${multiline(c.text)}</li>`)}</ul>`
    : ''
}
${
  f.link
    ? html`<p><a href="${f.link}" style="display: inline-block; padding: 12px 20px; background: #0b4f8a; color: #ffffff; text-decoration: none; border-radius: 4px;">Mở trang xử lý</a></p>
<p style="font-size: 14px;">Nếu nút không hoạt động, sao chép địa chỉ sau vào trình duyệt:<br>${f.link}</p>`
    : ''
}
<p style="font-size: 14px; color: #444444;">${footer}</p>
<p style="font-size: 14px; color: #444444;">Hệ thống theo dõi chương trình phối hợp công tác dân vận</p>
</body></html>`;
  const text = [
    greeting,
    '',
    lead,
    ...(comments.length > 0 ? ['', 'Ý kiến đã nhận:', ...comments.map((c) => `- ${c.by}: ${c.text}`)] : []),
    ...(f.link ? ['', `Mở trang xử lý: ${f.link}`] : []),
    '',
    footer,
    '',
    'Hệ thống theo dõi chương trình phối hợp công tác dân vận',
  ].join('\n');
  return { subject, html: body, text };
};

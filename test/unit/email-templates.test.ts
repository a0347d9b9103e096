import { describe, expect, it } from 'vitest';
import { renderStepEmail } from '#shared/email/templates.js';
import { stepKind } from '#shared/steps/kind/index.js';

const facts = {
  purpose: 'request' as const,
  kind: stepKind('review_draft'),
  recipientName: 'Vũ Thị Giang',
  recipientTitle: 'Trưởng phòng Tham mưu',
  subjectTitle: 'Chương trình <b>phối hợp</b> & "dân vận"',
  documentVersion: 2,
  dueMs: Date.parse('2026-03-09T01:00:00Z'),
  link: 'https://danvan.example.gov.vn/a/k1.abc.def',
  assigneeName: 'Vũ Thị Giang',
};

describe('Function: renderStepEmail', () => {
  it('promises the weekly digest on the last email only to whoever gets it (the lead focal point)', () => {
    // Act
    const toAssignee = renderStepEmail({ ...facts, purpose: 'reminder', reminderNumber: 5, lastOne: true });
    const toWatcher = renderStepEmail({ ...facts, purpose: 'reminder', reminderNumber: 5, lastOne: true, inWeeklyDigest: true });
    // Assess
    expect(toAssignee.text).toContain('Đây là thư nhắc cuối cùng về việc này; hệ thống sẽ không gửi thêm thư cho đồng chí về việc này.');
    expect(`${toAssignee.text}${toAssignee.html.value}`).not.toContain('thư tổng hợp hằng tuần');
    expect(toWatcher.text).toContain('Đây là thư nhắc cuối cùng về việc này; từ nay việc này chỉ được nêu trong thư tổng hợp hằng tuần.');
    expect(renderStepEmail(facts).text).not.toContain('thư nhắc cuối cùng');
  });

  it('keeps the subject one line whatever a stored title holds (CR, LF, a lone CR, tabs, NUL, U+2028)', () => {
    // Act
    const email = renderStepEmail({ ...facts, purpose: 'reminder', reminderNumber: 2, subjectTitle: 'Chương trình\r\nphối hợp\rCông an huyện\nB\t\u0000giai đoạn\u20282022–2026' });
    // Assess
    expect(email.subject).toBe('Nhắc lần 2: Đề nghị cho ý kiến dự thảo “Chương trình phối hợp Công an huyện B giai đoạn 2022–2026” – hạn 09/03/2026');
  });

  it('says what is asked and by when in the subject, with Vietnamese diacritics', () => {
    const email = renderStepEmail(facts);
    expect(email.subject).toBe('Đề nghị cho ý kiến dự thảo “Chương trình <b>phối hợp</b> & "dân vận"” – hạn 09/03/2026');
    expect(email.text).toContain('Kính gửi đồng chí Vũ Thị Giang, Trưởng phòng Tham mưu.');
    expect(email.text).toContain('(phiên bản 2) trước ngày 09/03/2026');
    expect(email.text).toContain('Mở trang xử lý: https://danvan.example.gov.vn/a/k1.abc.def');
  });

  it('escapes user text in the HTML part, comments included', () => {
    const email = renderStepEmail({ ...facts, kind: stepKind('revise'), notes: [{ by: 'A <i>B</i>', text: '<script>alert(1)</script>\ndòng 2' }] });
    expect(email.html.value).toContain('Chương trình &lt;b&gt;phối hợp&lt;/b&gt; &amp; &quot;dân vận&quot;');
    expect(email.html.value).toContain('&lt;script&gt;alert(1)&lt;/script&gt;<br>dòng 2');
    expect(email.html.value).not.toMatch(/<script>|<b>|<i>/);
    expect(email.html.value).toContain('lang="vi"');
  });

  it('puts no link in a notice that asks nothing of its reader', () => {
    const email = renderStepEmail({ ...facts, purpose: 'escalation_notice', link: undefined, reminderNumber: 3, assigneeName: 'Hồ Văn Em' });
    expect(email.subject).toMatch(/^Báo cáo chậm xử lý: /);
    expect(email.text).toContain('đồng chí Hồ Văn Em chưa xử lý');
    expect(email.text).toContain('đã được nhắc 3 lần');
    expect(email.text).not.toContain('/a/');
  });
});

import { describe, expect, it } from 'vitest';
import { buildInvite, inviteAttachment } from '../../shared/calendar/invites.js';

const invite = {
  uid: 'review-final-2026.tth-2022-2026@danvan',
  sequence: 0,
  method: 'REQUEST' as const,
  startMs: Date.parse('2026-12-20T08:30:00+07:00'),
  endMs: Date.parse('2026-12-20T11:30:00+07:00'),
  summary: 'Hội nghị tổng kết Chương trình phối hợp 2022–2026',
  location: 'Hội trường Tỉnh ủy Thừa Thiên Huế',
  organizer: { name: 'Trần Thị Bình', email: 'bdv.focal@example.vn' },
  attendees: [
    { name: 'Nguyễn Văn A', email: 'bdv.head@example.vn', role: 'chair' as const },
    { name: 'Đại tá Hồ Văn Em', email: 'ca.head@example.vn' },
  ],
};

/** Unfolds RFC 5545 content lines and reads `NAME;PARAMS:VALUE` of the event. */
const lines = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('Function: buildInvite', () => {
  it('writes the meeting in Vietnam time with a VTIMEZONE, organizer, attendees with roles and a stable UID', () => {
    const text = buildInvite(invite);
    const all = lines(text);
    expect(all).toContain('METHOD:REQUEST');
    expect(all).toContain('TZID:Asia/Ho_Chi_Minh');
    expect(all).toContain('DTSTART;TZID=Asia/Ho_Chi_Minh:20261220T083000');
    expect(all).toContain('DTEND;TZID=Asia/Ho_Chi_Minh:20261220T113000');
    expect(all).toContain('UID:review-final-2026.tth-2022-2026@danvan');
    expect(all).toContain('SEQUENCE:0');
    expect(all.find((l) => l.startsWith('ORGANIZER'))).toBe('ORGANIZER;CN="Trần Thị Bình":mailto:bdv.focal@example.vn');
    expect(all.filter((l) => l.startsWith('ATTENDEE'))).toEqual([
      expect.stringMatching(/^ATTENDEE;ROLE=CHAIR;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN="Nguyễn Văn A":MAILTO:bdv.head@example.vn$/),
      expect.stringMatching(/^ATTENDEE;ROLE=REQ-PARTICIPANT;.*CN="Đại tá Hồ Văn Em":MAILTO:ca.head@example.vn$/),
    ]);
  });

  it('cancels with the same UID and a higher SEQUENCE', () => {
    const attachment = inviteAttachment({ ...invite, method: 'CANCEL', sequence: 2 });
    expect(attachment.contentType).toBe('text/calendar; method=CANCEL; charset=UTF-8');
    const all = lines(attachment.content);
    expect(all).toContain('METHOD:CANCEL');
    expect(all).toContain('STATUS:CANCELLED');
    expect(all).toContain('SEQUENCE:2');
    expect(all).toContain('UID:review-final-2026.tth-2022-2026@danvan');
  });
});

import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildInvite, inviteAttachment } from '#shared/calendar/invites.js';

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

  it('writes the time zone as lines of its own, never folded across them', () => {
    // Act
    const raw = buildInvite(invite).split('\r\n');
    // Assess: each line of the VTIMEZONE stands whole, no continuation line follows any of them
    const start = raw.indexOf('BEGIN:VTIMEZONE');
    expect(raw.slice(start, start + 10)).toEqual([
      'BEGIN:VTIMEZONE',
      'TZID:Asia/Ho_Chi_Minh',
      'X-LIC-LOCATION:Asia/Ho_Chi_Minh',
      'BEGIN:STANDARD',
      'TZOFFSETFROM:+0700',
      'TZOFFSETTO:+0700',
      'TZNAME:+07',
      'DTSTART:19700101T000000',
      'END:STANDARD',
      'END:VTIMEZONE',
    ]);
    expect(raw.every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
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

  it('never writes a raw CR, LF or other control character, whatever the texts hold (a lone CR included)', () => {
    // Act
    const text = buildInvite({
      ...invite,
      summary: 'Hội nghị\rtổng kết',
      location: 'Hội trường\u2028Tỉnh ủy\u0000\u001b',
      description: 'Dòng 1\rDòng 2\r\nDòng 3\nDòng 4\tcột',
      organizer: { name: 'Trần Thị\rBình', email: 'bdv.focal@example.vn' },
      attendees: [{ name: 'Công an huyện\r\nB\u0007', email: 'b@example.vn' }],
    });
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!);
    // Assess: CR and LF only as the line ends and folds RFC 5545 writes
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[^\P{Cc}\t]/u);
    expect(event.summary).toBe('Hội nghị\ntổng kết');
    expect(event.location).toBe('Hội trường\nTỉnh ủy');
    expect(event.description).toBe('Dòng 1\nDòng 2\nDòng 3\nDòng 4\tcột');
    expect(lines(text).find((l) => l.startsWith('ORGANIZER'))).toBe('ORGANIZER;CN="Trần Thị^nBình":mailto:bdv.focal@example.vn');
    expect(lines(text).find((l) => l.startsWith('ATTENDEE'))).toMatch(/;CN="Công an huyện\^nB":MAILTO:b@example.vn$/);
  });

  it('reads back with a full RFC 5545 parser (ical.js): the same instants, texts with ; , \\ and line breaks, names with quotes', () => {
    // Arrange: everything that needs escaping, and lines far past 75 octets of Vietnamese.
    const tricky = {
      ...invite,
      summary: 'Hội nghị; tổng kết, "2022–2026" \\ giai đoạn '.repeat(4).trim(),
      location: 'Phòng họp số 2, tầng 3; Hội trường Tỉnh ủy',
      description: 'Thành phần:\nLãnh đạo bốn lực lượng\r\nChuẩn bị báo cáo',
      attendees: [{ name: 'Nguyễn "Tư" Văn A^B', email: 'a@example.vn', role: 'chair' as const }, { name: 'Hồ Văn Em', email: 'e@example.vn', role: 'optional' as const }],
    };

    // Act
    const text = buildInvite(tricky);
    const calendar = new ICAL.Component(ICAL.parse(text));
    ICAL.TimezoneService.register(calendar.getFirstSubcomponent('vtimezone')!);
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    const event = new ICAL.Event(vevent);

    // Assert
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(event.summary).toBe(tricky.summary);
    expect(event.location).toBe(tricky.location);
    expect(event.description).toBe('Thành phần:\nLãnh đạo bốn lực lượng\nChuẩn bị báo cáo');
    expect(event.startDate.toUnixTime() * 1000).toBe(tricky.startMs);
    expect(event.endDate.toUnixTime() * 1000).toBe(tricky.endMs);
    expect(event.uid).toBe(tricky.uid);
    expect(event.sequence).toBe(0);
    expect(vevent.getFirstPropertyValue('dtstamp')?.toString()).toMatch(/Z$/);
    expect(vevent.getAllProperties('attendee').map((attendee) => [attendee.getParameter('cn'), attendee.getParameter('role'), attendee.getFirstValue()])).toEqual([
      ['Nguyễn "Tư" Văn A^B', 'CHAIR', 'MAILTO:a@example.vn'],
      ['Hồ Văn Em', 'OPT-PARTICIPANT', 'MAILTO:e@example.vn'],
    ]);
    expect(vevent.getFirstProperty('organizer')?.getParameter('cn')).toBe('Trần Thị Bình');
  });
});

import { nowMs } from '#shared/clock.js';

/** Vietnam has kept UTC+7 without daylight saving since 1975: one standard component says it all. */
const VIETNAM_VTIMEZONE = [
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
];

export interface InvitePerson {
  readonly name: string;
  readonly email: string;
}

export interface InviteAttendee extends InvitePerson {
  /** Chairs and signatories are required; others are told (e.g. focal points). @default required */
  readonly role?: 'required' | 'optional' | 'chair';
}

export interface Invite {
  /** Stable across updates: the same meeting keeps its UID, so calendars replace rather than add. */
  readonly uid: string;
  /** 0 for the first invite; one more for each change (moved, cancelled). */
  readonly sequence: number;
  readonly method: 'REQUEST' | 'CANCEL';
  readonly startMs: number;
  readonly endMs: number;
  readonly summary: string;
  readonly location?: string;
  readonly description?: string;
  readonly organizer: InvitePerson;
  readonly attendees: readonly InviteAttendee[];
}

const CRLF = '\r\n';

/** A line break as any system writes one (CRLF, LF, a lone CR, Unicode's separators). */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;
/** What RFC 5545 allows in no value (CONTROL: every control character but tab), left once line breaks are escaped. */
const CONTROL = /[^\P{Cc}\t]/gu;

/** RFC 5545 §3.3.11: backslash, semicolon, comma and line breaks are escaped in TEXT values; other controls are dropped. */
const text = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(LINE_BREAK, '\\n').replace(CONTROL, '');

/** A quoted parameter value (a CN): RFC 6868 writes a double quote as ^' and a line break as ^n; other controls are dropped. */
const quoted = (value: string) => `"${value.replace(/\^/g, '^^').replace(LINE_BREAK, '^n').replace(/"/g, "^'").replace(CONTROL, '')}"`;

/**
 * RFC 5545 §3.1: content lines are folded at 75 octets, a continuation starting with one space;
 * Vietnamese letters take 2–3 octets in UTF-8, and a fold never splits one.
 */
const fold = (line: string): string => {
  if (Buffer.byteLength(line) <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const character of line) {
    const size = Buffer.byteLength(character);
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space counts
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
};

/** `20261220T083000Z`: an instant in UTC (DTSTAMP must be UTC). */
const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** `20261220T083000`: the wall-clock time in Asia/Ho_Chi_Minh, written after its TZID. */
const vietnamTime = (ms: number) => utc(ms + 7 * 3_600_000).slice(0, -1);

const roles = { required: 'REQ-PARTICIPANT', optional: 'OPT-PARTICIPANT', chair: 'CHAIR' } as const;

/**
 * An RFC 5545 invitation (or its cancellation) for a conference or an inspection visit, in Vietnam
 * time. Written here rather than with a library: one event with a fixed time zone is all there is,
 * and it kept 36 KB out of the functions that send invites (`test/unit/invites.test.ts` reads every
 * invite back with ical.js, a full parser).
 */
export const buildInvite = (invite: Invite): string => {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Ban Dan van//Coordination programs//VI',
    'CALSCALE:GREGORIAN',
    `METHOD:${invite.method}`,
    // Its own lines, each folded alone: joined into one, it was folded across its line breaks.
    ...VIETNAM_VTIMEZONE,
    'BEGIN:VEVENT',
    `UID:${invite.uid}`,
    `SEQUENCE:${invite.sequence}`,
    `DTSTAMP:${utc(nowMs())}`,
    `DTSTART;TZID=Asia/Ho_Chi_Minh:${vietnamTime(invite.startMs)}`,
    `DTEND;TZID=Asia/Ho_Chi_Minh:${vietnamTime(invite.endMs)}`,
    `SUMMARY:${text(invite.summary)}`,
    ...(invite.location ? [`LOCATION:${text(invite.location)}`] : []),
    ...(invite.description ? [`DESCRIPTION:${text(invite.description)}`] : []),
    `STATUS:${invite.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    `ORGANIZER;CN=${quoted(invite.organizer.name)}:mailto:${invite.organizer.email}`,
    ...invite.attendees.map(
      (attendee) =>
        `ATTENDEE;ROLE=${roles[attendee.role ?? 'required']};PARTSTAT=NEEDS-ACTION;RSVP=${invite.method === 'REQUEST' ? 'TRUE' : 'FALSE'};CN=${quoted(attendee.name)}:MAILTO:${attendee.email}`,
    ),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join(CRLF)}${CRLF}`;
};

/** The attachment an email carries the invite in (`shared/email/send.ts`). */
export const inviteAttachment = (invite: Invite) => ({
  filename: invite.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
  contentType: `text/calendar; method=${invite.method}; charset=UTF-8`,
  content: buildInvite(invite),
});

import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

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
].join('\r\n');

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

/**
 * ical-generator writes a plain Date's UTC fields after the TZID; handing it the instant shifted
 * by Vietnam's offset makes those fields the wall-clock time in Asia/Ho_Chi_Minh.
 */
const wallClock = (ms: number) => new Date(ms + 7 * 3_600_000);

const roles = { required: ICalAttendeeRole.REQ, optional: ICalAttendeeRole.OPT, chair: ICalAttendeeRole.CHAIR } as const;

/** An RFC 5545 invitation (or its cancellation) for a conference or an inspection visit, in Vietnam time. */
export const buildInvite = (invite: Invite): string => {
  const calendar = ical({
    prodId: { company: 'Ban Dan van', product: 'Coordination programs', language: 'VI' },
    method: invite.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: { name: 'Asia/Ho_Chi_Minh', generator: () => VIETNAM_VTIMEZONE },
  });
  calendar.createEvent({
    id: invite.uid,
    sequence: invite.sequence,
    start: wallClock(invite.startMs),
    end: wallClock(invite.endMs),
    timezone: 'Asia/Ho_Chi_Minh',
    summary: invite.summary,
    location: invite.location,
    description: invite.description,
    status: invite.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: invite.organizer.name, email: invite.organizer.email },
    attendees: invite.attendees.map((attendee) => ({
      name: attendee.name,
      email: attendee.email,
      role: roles[attendee.role ?? 'required'],
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: invite.method === 'REQUEST',
    })),
  });
  return calendar.toString();
};

/** The attachment an email carries the invite in (`shared/email/send.ts`). */
export const inviteAttachment = (invite: Invite) => ({
  filename: invite.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
  contentType: `text/calendar; method=${invite.method}; charset=UTF-8`,
  content: buildInvite(invite),
});

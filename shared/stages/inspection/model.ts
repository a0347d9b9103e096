import * as z from 'zod/mini';
import { DAY_MS, nowMs, vietnamDate } from '#shared/clock.js';
import { ID_PATTERN, LIMITS } from '#shared/limits.js';
import { singleLine } from '#shared/validation.js';
import { type Inspection, type Member, type MemberRole, memberRoles } from '#shared/store/inspections.js';

export {
  type Agency,
  type Findings,
  type Inspection,
  inspectionFromItem,
  type InspectionStatus,
  type Member,
  type MemberRole,
  memberRoles,
  planSpan,
  type Remediation,
  storedFindings,
  storedRemediation,
  type Visit,
} from '#shared/store/inspections.js';

export const roleLabels: Record<MemberRole, string> = { truong_doan: 'Trưởng đoàn', pho_doan: 'Phó Trưởng đoàn', thanh_vien: 'Thành viên', thu_ky: 'Thư ký' };

/**
 * Ceilings of one plan: a visit is a working trip, a plan a season planned at most two years ahead
 * (`aheadDays`: how far after today a visit may start); the transaction limit comes on top (`bookings.ts`).
 */
export const INSPECTION_LIMITS = { visitDays: 14, planSpanDays: 366, aheadDays: 731, members: 30, agencies: 10, visits: 20, placeChars: 300, programs: 50 } as const;

const id = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(LIMITS.idChars), z.regex(ID_PATTERN, 'may contain only letters, digits, "-" and "_"'));
export const isoDay = z.iso.date({ message: 'must be a date as YYYY-MM-DD (Asia/Ho_Chi_Minh)' });

/** Calendar arithmetic on `YYYY-MM-DD` days (no time zone involved: they are Vietnamese calendar days). */
export const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
export const shiftDay = (date: string, days: number): string => new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
export const daysOf = (start: string, end: string): string[] => {
  const days: string[] = [];
  for (let day = start; day <= end; day = shiftDay(day, 1)) days.push(day);
  return days;
};

export const visitInput = z.strictObject({
  id: z.optional(id),
  /** The inspected organisation (a province's or a unit's). */
  organizationId: id,
  start: isoDay,
  end: isoDay,
  place: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(INSPECTION_LIMITS.placeChars), singleLine())),
  /** The inspected unit's head and focal point: both get the calendar invite; the focal point reports remediation. */
  headId: id,
  focalPointId: id,
});
export type VisitInput = z.infer<typeof visitInput>;

export const memberInput = z.strictObject({
  officialId: id,
  organizationId: id,
  role: z.enum(memberRoles, { message: `must be one of ${memberRoles.join(', ')}` }),
});
export const agencyInput = z.strictObject({ organizationId: id, focalPointId: id });

/** A visit's dates: ordered, at most `visitDays` long, starting at most `aheadDays` after today. */
export const checkVisitDates = (visit: { start: string; end: string }, path: PropertyKey[], ctx: z.core.$RefinementCtx) => {
  const latestStart = shiftDay(vietnamDate(nowMs()), INSPECTION_LIMITS.aheadDays);
  if (visit.start > latestStart) {
    ctx.addIssue({ code: 'custom', path: [...path, 'start'], message: `must be at most ${INSPECTION_LIMITS.aheadDays} days after today (by ${latestStart})` });
  }
  if (visit.end < visit.start) ctx.addIssue({ code: 'custom', path: [...path, 'end'], message: 'must not be before start' });
  else if (dayNumber(visit.end) - dayNumber(visit.start) + 1 > INSPECTION_LIMITS.visitDays) {
    ctx.addIssue({ code: 'custom', path: [...path, 'end'], message: `a visit lasts at most ${INSPECTION_LIMITS.visitDays} days` });
  }
};

export const inspectionInput = z
  .strictObject({
    id: z.optional(id),
    title: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(LIMITS.titleChars), singleLine()),
    leadOrganizationId: id,
    programIds: z._default(z.array(id).check(z.maxLength(INSPECTION_LIMITS.programs)), []),
    /** Every agency with members on the team, and its focal point, who confirms them. */
    agencies: z.array(agencyInput).check(z.minLength(1), z.maxLength(INSPECTION_LIMITS.agencies)),
    members: z.array(memberInput).check(z.minLength(1), z.maxLength(INSPECTION_LIMITS.members)),
    visits: z.array(visitInput).check(z.minLength(1), z.maxLength(INSPECTION_LIMITS.visits)),
  })
  .check(
    z.superRefine((plan, ctx) => {
      const agencyIds = plan.agencies.map((agency) => agency.organizationId);
      const twice = <T>(values: readonly T[], index: number) => values.indexOf(values[index]!) !== index;
      agencyIds.forEach(
        (_, index) =>
          twice(agencyIds, index) && ctx.addIssue({ code: 'custom', path: ['agencies', index, 'organizationId'], message: 'this agency is listed twice' }),
      );
      if (!agencyIds.includes(plan.leadOrganizationId))
        ctx.addIssue({ code: 'custom', path: ['leadOrganizationId'], message: 'the lead must be one of the agencies' });
      const officialIds = plan.members.map((member) => member.officialId);
      plan.members.forEach((member, index) => {
        if (twice(officialIds, index)) ctx.addIssue({ code: 'custom', path: ['members', index, 'officialId'], message: 'this official is listed twice' });
        if (!agencyIds.includes(member.organizationId))
          ctx.addIssue({ code: 'custom', path: ['members', index, 'organizationId'], message: 'must be one of the agencies' });
      });
      plan.agencies.forEach((agency, index) => {
        if (!plan.members.some((member) => member.organizationId === agency.organizationId)) {
          ctx.addIssue({ code: 'custom', path: ['agencies', index], message: 'an agency needs at least one member' });
        }
      });
      if (plan.members.filter((member) => member.role === 'truong_doan').length !== 1) {
        ctx.addIssue({ code: 'custom', path: ['members'], message: 'the team needs exactly one member with the role truong_doan (the team lead)' });
      }
      const unitIds = plan.visits.map((visit) => visit.organizationId);
      const visitIds = plan.visits.map((visit, index) => visit.id ?? `v${index + 1}`);
      plan.visits.forEach((visit, index) => {
        checkVisitDates(visit, ['visits', index], ctx);
        if (twice(unitIds, index)) ctx.addIssue({ code: 'custom', path: ['visits', index, 'organizationId'], message: 'a plan visits each unit once' });
        if (twice(visitIds, index)) ctx.addIssue({ code: 'custom', path: ['visits', index, 'id'], message: 'this visit id is used twice' });
        plan.visits.slice(0, index).forEach((other, otherIndex) => {
          if (visit.start <= other.end && other.start <= visit.end) {
            ctx.addIssue({
              code: 'custom',
              path: ['visits', index, 'start'],
              message: `overlaps visit ${otherIndex + 1}: the team can be in one place at a time`,
            });
          }
        });
      });
      const days = plan.visits.flatMap((visit) => [visit.start, visit.end]).sort();
      if (days.length > 0 && dayNumber(days[days.length - 1]!) - dayNumber(days[0]!) >= INSPECTION_LIMITS.planSpanDays) {
        ctx.addIssue({ code: 'custom', path: ['visits'], message: `the visits of one plan fall within ${INSPECTION_LIMITS.planSpanDays} days` });
      }
    }),
  );
export type InspectionInput = z.infer<typeof inspectionInput>;

export const teamLeadOf = (inspection: Pick<Inspection, 'members'>): Member => {
  const lead = inspection.members.find((member) => member.role === 'truong_doan');
  if (!lead) throw new Error('An inspection without a team lead cannot be stored: the input requires one.');
  return lead;
};

/** The lead agency's focal point follows the plan (the escalation ladder's watcher). */
export const watcherOf = (inspection: Pick<Inspection, 'agencies' | 'members' | 'leadOrganizationId'>): string =>
  inspection.agencies.find((agency) => agency.organizationId === inspection.leadOrganizationId)?.focalPointId ?? teamLeadOf(inspection).officialId;

/** What a recommendation of the findings says; the remediation report goes with its number. */
export interface Recommendation {
  readonly number: number;
  readonly text: string;
  readonly responsibleUnit: string;
  readonly deadline: string;
}


import * as z from 'zod/mini';
import { nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOfficial, getOrganization, type Official } from '#shared/directory.js';
import { ConflictError, NotFoundError } from '#shared/errors.js';
import type { TransactItem } from '#shared/store/table.js';
import { decisionSchema } from '#shared/steps/model.js';
import { parseInput } from '#shared/validation.js';
import { bookMemberDay, memberBookings, memberDays, releaseMemberDay, requireTransactionFits } from './bookings.js';
import { checkClashes } from './clashes.js';
import { type Agency, daysOf, type Inspection, type Member } from './model.js';
import { getInspection, inspectionChange } from './records.js';
import { ATTEMPTS, checkSettings, lostRace } from './service.js';
import { inspectionSubject } from './subject.js';

const input = z.object({
  inspectionId: z.string().check(z.minLength(1)),
  stageId: z.string().check(z.minLength(1)),
  round: z.int().check(z.gte(1)),
  agencyId: z.string().check(z.minLength(1)),
  decision: decisionSchema,
});

/** The two fields of a proposal, as the `confirm_members` form parses them. */
const proposalFields = z.object({ replacedMemberId: z.string(), substituteId: z.string() });

type Evaluation =
  { readonly ok: true; readonly replaced: Member; readonly substitute: Official } | { readonly ok: false; readonly field: string; readonly reason: string };

const withAgency = (inspection: Inspection, changed: Agency) =>
  inspection.agencies.map((agency) => (agency.organizationId === changed.organizationId ? changed : agency));

/**
 * What an agency's focal point decided: confirmed members confirm the agency; a proposed
 * substitute is checked (in the directory, in this agency, not on the team yet, free on every
 * visit day) and, if it holds, takes the member's place and bookings in one transaction, which
 * confirms the agency too. A substitute that does not hold is refused with the reason, and the
 * focal point is asked again (the next round). A retried task finds what it did and says so.
 */
export const applyConfirmation = async (deps: Deps, event: unknown) => {
  const { inspectionId, round, agencyId, decision } = parseInput(input, event, 'confirmation input');
  const subject = inspectionSubject(inspectionId);
  for (let attempt = 1; ; attempt++) {
    const inspection = await getInspection(deps.db, inspectionId);
    const agency = inspection.agencies.find((a) => a.organizationId === agencyId);
    if (!agency) throw new Error(`Inspection '${inspectionId}' has no agency '${agencyId}'.`);
    if (agency.status === 'confirmed') return { confirmed: true, round: agency.round };
    if (agency.round > round) return { confirmed: false, round: agency.round };
    const confirmed: Agency = { ...agency, status: 'confirmed', confirmedAt: decision.at, confirmedBy: decision.decidedBy, refusal: undefined };
    const by = { decidedBy: decision.decidedBy, onBehalfOf: decision.onBehalfOf };
    let writes: TransactItem[];
    if (decision.outcome === 'confirmed') {
      writes = [
        inspectionChange(deps.db, inspection, { agencies: withAgency(inspection, confirmed) }),
        deps.db.auditEvent(subject, { kind: 'members_confirmed', actorId: decision.decidedBy, detail: { organizationId: agencyId, round, ...by } }),
      ];
    } else {
      const proposal = proposalFields.safeParse(decision.fields ?? {});
      const evaluation = proposal.success
        ? await evaluateSubstitute(deps, inspection, agencyId, proposal.data.replacedMemberId, proposal.data.substituteId)
        : { ok: false as const, field: 'substituteId', reason: 'Đề xuất thiếu thành viên cần thay hoặc người thay thế.' };
      if (!evaluation.ok) {
        const refused: Agency = { ...agency, round: round + 1, refusal: { reason: evaluation.reason, at: new Date(nowMs()).toISOString() } };
        writes = [
          inspectionChange(deps.db, inspection, { agencies: withAgency(inspection, refused) }),
          deps.db.auditEvent(subject, {
            kind: 'substitute_refused',
            actorId: decision.decidedBy,
            detail: { organizationId: agencyId, round, reason: evaluation.reason },
          }),
        ];
      } else {
        writes = substitution(deps, inspection, withAgency(inspection, confirmed), evaluation.replaced, evaluation.substitute, {
          organizationId: agencyId,
          round,
          ...by,
        });
      }
    }
    try {
      await deps.db.transact(writes);
      const after = (await getInspection(deps.db, inspectionId)).agencies.find((a) => a.organizationId === agencyId)!;
      return { confirmed: after.status === 'confirmed', round: after.round };
    } catch (error) {
      if (!lostRace(error)) throw error;
      if (attempt === ATTEMPTS) throw new ConflictError(`The plan '${inspectionId}' kept changing while a confirmation was recorded.`);
    }
  }
};

/** The substitute takes the member's place (and role) and every remaining visit day; the member's days are released. */
const substitution = (
  deps: Deps,
  inspection: Inspection,
  agencies: Agency[],
  replaced: Member,
  substitute: Official,
  detail: Record<string, unknown>,
): TransactItem[] => {
  const visits = inspection.visits.filter((visit) => visit.status === 'scheduled');
  const members = inspection.members.map((member) =>
    member.officialId === replaced.officialId ? { ...member, officialId: substitute.id, replaces: replaced.officialId } : member,
  );
  const writes = [
    inspectionChange(deps.db, inspection, { agencies, members }),
    deps.db.auditEvent(inspectionSubject(inspection.id), {
      kind: 'member_substituted',
      actorId: String(detail.decidedBy),
      detail: { ...detail, replaced: replaced.officialId, substitute: substitute.id },
    }),
    ...visits.flatMap((visit) =>
      daysOf(visit.start, visit.end).map((day) => releaseMemberDay(deps.db, replaced.officialId, day, inspection.id, visit.id)),
    ),
    ...memberDays([{ officialId: substitute.id }], visits).map(([officialId, visitId, day]) => bookMemberDay(deps.db, inspection.id, visitId, officialId, day)),
  ];
  requireTransactionFits(writes.length, 'This substitution');
  return writes;
};

/**
 * Whether a proposed substitute can take a member's place: the member is one of the agency's, the
 * substitute an official of the agency not yet on the team and free on every remaining visit day.
 * The confirmation page runs it before recording (errors beside the fields); the stage runs it
 * again when it applies the proposal, since the substitute may have been booked meanwhile.
 */
export const evaluateSubstitute = async (
  deps: Deps,
  inspection: Inspection,
  agencyId: string,
  replacedMemberId: string,
  substituteId: string,
): Promise<Evaluation> => {
  const replaced = inspection.members.find((member) => member.officialId === replacedMemberId && member.organizationId === agencyId);
  if (!replaced) return { ok: false, field: 'replacedMemberId', reason: 'Người được chọn không phải thành viên của cơ quan trong Đoàn.' };
  const substitute = await getOfficial(deps.db, substituteId).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (!substitute || substitute.organizationId !== agencyId)
    return { ok: false, field: 'substituteId', reason: 'Người thay thế phải là cán bộ của cơ quan đồng chí có trong danh bạ của hệ thống.' };
  if (inspection.members.some((member) => member.officialId === substitute.id))
    return { ok: false, field: 'substituteId', reason: `Đồng chí ${substitute.name} đã là thành viên của Đoàn.` };
  const visits = inspection.visits.filter((visit) => visit.status === 'scheduled');
  const units = new Map(await Promise.all(visits.map(async (visit) => [visit.organizationId, await getOrganization(deps.db, visit.organizationId)] as const)));
  const { clashes } = await checkClashes(
    deps.db,
    {
      inspectionId: inspection.id,
      members: [{ officialId: substitute.id, name: substitute.name, path: 'substituteId' }],
      visits: visits.map((visit) => ({ ...visit, unitName: units.get(visit.organizationId)?.name ?? visit.organizationId, path: `visits.${visit.id}` })),
    },
    checkSettings(units),
  );
  if (clashes.some((clash) => clash.kind === 'member_booked')) {
    return {
      ok: false,
      field: 'substituteId',
      reason: `Đồng chí ${substitute.name} đã có lịch kiểm tra khác trùng ngày làm việc của Đoàn (${await bookedElsewhere(deps, substitute.id, visits)}). Vui lòng đề xuất người khác hoặc xác nhận thành phần như kế hoạch.`,
    };
  }
  return { ok: true, replaced, substitute };
};

/**
 * Where an official is booked on the team's visit days, as the (Vietnamese) page says it: "ngày
 * 24/03/2026, theo “Kiểm tra …”", one part per other plan. The clash's own `what`/`with` are the
 * API's English.
 */
const bookedElsewhere = async (deps: Deps, officialId: string, visits: readonly Pick<Inspection['visits'][number], 'start' | 'end'>[]): Promise<string> => {
  const teamDays = new Set(visits.flatMap((visit) => daysOf(visit.start, visit.end)));
  const sorted = [...teamDays].sort();
  const bookings = (await memberBookings(deps.db, officialId, sorted[0]!, sorted[sorted.length - 1]!)).filter((booking) => teamDays.has(booking.date));
  const byPlan = new Map<string, string[]>();
  for (const booking of bookings) byPlan.set(booking.inspectionId, [...(byPlan.get(booking.inspectionId) ?? []), booking.date]);
  const parts = await Promise.all(
    [...byPlan].map(async ([inspectionId, dates]) => {
      const title = await getInspection(deps.db, inspectionId).then((plan) => plan.title, () => inspectionId);
      return `ngày ${[...new Set(dates)].sort().map((date) => date.split('-').reverse().join('/')).join(', ')}, theo “${title}”`;
    }),
  );
  return parts.join('; ') || 'theo một kế hoạch kiểm tra khác';
};

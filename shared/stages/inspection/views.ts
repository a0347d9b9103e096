import * as z from 'zod/mini';
import { nowMs, vietnamDate } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOfficial, getOrganization } from '#shared/directory.js';
import { ValidationError } from '#shared/errors.js';
import { listStageRecords } from '#shared/store/stages.js';
import { listEvents } from '#shared/store/audit.js';
import { listInspectionsStarting } from '#shared/store/inspections.js';
import type { Store } from '#shared/store/table.js';
import type { Step } from '#shared/steps/model.js';
import { listSteps } from '#shared/steps/queries.js';
import { parseInput } from '#shared/validation.js';
import { dayNumber, INSPECTION_LIMITS, type Inspection, isoDay, planSpan, roleLabels, shiftDay } from './model.js';
import { getInspection, visitRecords } from './records.js';
import { inspectionSubject } from './subject.js';

/** What staff see of a step: never its token or its emails' bookkeeping. */
const publicStep = (step: Step) => ({
  stepId: step.stepId,
  kind: step.kind,
  round: step.round,
  status: step.status,
  assigneeId: step.assigneeId,
  partyOrganizationId: step.partyOrganizationId,
  openedAt: step.openedAt,
  dueAt: step.dueAt,
  remindersSent: step.remindersSent,
  escalatedAt: step.escalatedAt,
  secondLevelAt: step.secondLevelAt,
  decision: step.decision && { outcome: step.decision.outcome, decidedBy: step.decision.decidedBy, onBehalfOf: step.decision.onBehalfOf, at: step.decision.at },
});

const names = async (deps: Deps, inspection: Inspection) => {
  const officialIds = new Set([
    ...inspection.members.map((m) => m.officialId),
    ...inspection.agencies.map((a) => a.focalPointId),
    ...inspection.visits.flatMap((v) => [v.headId, v.focalPointId]),
  ]);
  const organizationIds = new Set([
    inspection.leadOrganizationId,
    ...inspection.agencies.map((a) => a.organizationId),
    ...inspection.visits.map((v) => v.organizationId),
  ]);
  const [officials, organizations] = await Promise.all([
    Promise.all([...officialIds].map(async (id) => [id, await getOfficial(deps.db, id)] as const)),
    Promise.all([...organizationIds].map(async (id) => [id, await getOrganization(deps.db, id)] as const)),
  ]);
  return { officials: new Map(officials), organizations: new Map(organizations) };
};

/**
 * One plan as staff see it: status; each agency's confirmation; the team; each visit with its
 * findings, and each recommendation's remediation (reported, or open with its due date, late or
 * escalated); the open steps; the stage.
 */
export const getInspectionView = async (deps: Deps, inspectionId: string) => {
  const inspection = await getInspection(deps.db, inspectionId);
  const subject = inspectionSubject(inspectionId);
  const [{ officials, organizations }, records, steps, stages] = await Promise.all([
    names(deps, inspection),
    visitRecords(deps.db, inspectionId),
    listSteps(deps.db, subject),
    listStageRecords(deps.db, subject),
  ]);
  const now = nowMs();
  const { lock: _lock, reminderPolicy: _policy, ...plan } = inspection;
  return {
    ...plan,
    ...planSpan(inspection.visits),
    leadOrganizationName: organizations.get(inspection.leadOrganizationId)?.name,
    agencies: inspection.agencies.map((agency) => ({ ...agency, name: organizations.get(agency.organizationId)?.name })),
    members: inspection.members.map((member) => {
      const official = officials.get(member.officialId);
      return { ...member, name: official?.name, title: official?.title, roleLabel: roleLabels[member.role] };
    }),
    visits: inspection.visits.map((visit) => {
      const findings = records.findings.get(visit.id);
      const reports = records.remediation.get(visit.id) ?? [];
      return {
        ...visit,
        unitName: organizations.get(visit.organizationId)?.name,
        findings: findings && {
          findings: findings.findings,
          submittedBy: findings.submittedBy,
          submittedAt: findings.submittedAt,
          recommendations: findings.recommendations.map((recommendation) => {
            const report = reports.find((r) => r.number === recommendation.number);
            const step = steps.find(
              (s) => s.kind === 'report_remediation' && s.partyOrganizationId === visit.organizationId && s.round === recommendation.number,
            );
            const late = !report && step !== undefined && now > Date.parse(step.dueAt);
            return {
              ...recommendation,
              remediation: report
                ? { status: report.late ? 'reported_late' : 'reported', ...report }
                : { status: late ? 'late' : 'pending', dueAt: step?.dueAt, escalatedAt: step?.escalatedAt, secondLevelAt: step?.secondLevelAt },
            };
          }),
        },
      };
    }),
    openSteps: steps.filter((step) => step.status === 'open').map(publicStep),
    decidedSteps: steps.filter((step) => step.status === 'decided').map(publicStep),
    stages: stages.map(({ lock: _l, ...stage }) => stage),
  };
};

export const listInspectionEvents = async (deps: Deps, inspectionId: string) => {
  await getInspection(deps.db, inspectionId);
  return listEvents(deps.db, inspectionSubject(inspectionId));
};

const periodQuery = z.strictObject({ from: z.optional(isoDay), to: z.optional(isoDay) });

/**
 * The plans with a visit day in a period (both days included; from today for a year by default),
 * by first visit day: what the central staff's calendar shows. One query on the plans' index,
 * starting a plan's longest span before the period.
 */
export const listInspections = async (db: Store, query: unknown) => {
  const { from = vietnamDate(nowMs()), to = shiftDay(from, INSPECTION_LIMITS.planSpanDays - 1) } = parseInput(periodQuery, query ?? {}, 'period');
  if (to < from) throw new ValidationError('The period ends before it starts.', [{ path: 'to', message: 'must not be before from' }]);
  if (dayNumber(to) - dayNumber(from) >= 3 * INSPECTION_LIMITS.planSpanDays)
    throw new ValidationError('The period is too long.', [{ path: 'to', message: 'at most three years after from' }]);
  const plans = await listInspectionsStarting(db, shiftDay(from, -INSPECTION_LIMITS.planSpanDays), `${to}~`, from);
  return plans.map((plan) => ({
    id: plan.id,
    title: plan.title,
    status: plan.status,
    leadOrganizationId: plan.leadOrganizationId,
    ...planSpan(plan.visits),
    members: plan.members.length,
    visits: plan.visits.map(({ id, organizationId, start, end, place, status }) => ({ id, organizationId, start, end, place, status })),
  }));
};

import { workingCalendar } from '#shared/calendar/working-days.js';
import { nowMs, vietnamDate, vietnamDisplayDate } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOrganization } from '#shared/directory.js';
import { html, type SafeHtml } from '#shared/html.js';
import type { Program, ProgramStatus } from '#shared/programs/model.js';
import { getProgramRecord } from '#shared/store/programs.js';
import { getStageRecord } from '#shared/store/stages.js';
import { listStageSteps } from '#shared/steps/queries.js';
import { programSubject } from '#shared/subject-ref.js';
import { listCascadeUnits } from './children.js';
import { CASCADE_STAGE } from './names.js';

/** Where one unit stands: signed, late (past its due date, not signed), or under way. */
export type UnitState = 'signed' | 'late' | 'in_progress';

export interface CascadeUnitView {
  readonly organizationId: string;
  readonly organizationName: string;
  readonly locality?: string;
  readonly programId: string;
  readonly programTitle: string;
  readonly status: ProgramStatus;
  readonly state: UnitState;
  /** When the unit sent its draft to the other parties. */
  readonly submittedAt?: string;
  readonly signedAt?: string;
  /** The unit's due date (its cascade step's). */
  readonly dueAt?: string;
  /** Working days past the due date, for a unit not signed yet. */
  readonly daysLate?: number;
  /** For a signed unit: whether it signed after its due date. */
  readonly signedLate?: boolean;
}

export interface CascadeView {
  readonly programId: string;
  readonly title: string;
  readonly cascade?: Program['cascade'];
  readonly stage?: { readonly status: string; readonly startedAt: string };
  readonly summary: { readonly units: number; readonly signed: number; readonly late: number; readonly inProgress: number };
  readonly units: readonly CascadeUnitView[];
}

const isSigned = (status: ProgramStatus) => status === 'active' || status === 'closed';

/** `GET /v1/programs/{id}/cascade`: every unit the program directed, its program, status, signing date or days late. */
export const getCascadeView = async ({ db }: Deps, programId: string): Promise<CascadeView> => {
  const program = await getProgramRecord(db, programId);
  const subject = programSubject(programId);
  const [stage, records, steps] = await Promise.all([
    getStageRecord(db, subject, CASCADE_STAGE.id),
    listCascadeUnits(db, programId),
    listStageSteps(db, subject, CASCADE_STAGE.id),
  ]);
  const calendar = workingCalendar();
  const now = nowMs();
  const units: CascadeUnitView[] = [];
  for (const record of records) {
    const [child, organization] = await Promise.all([getProgramRecord(db, record.programId), getOrganization(db, record.unitOrganizationId)]);
    const step = steps.find((s) => s.partyOrganizationId === record.unitOrganizationId);
    const dueAt = step?.dueAt;
    const signed = isSigned(child.status);
    const late = !signed && dueAt !== undefined && now > Date.parse(dueAt);
    units.push(
      JSON.parse(
        JSON.stringify({
          organizationId: organization.id,
          organizationName: organization.name,
          locality: organization.locality,
          programId: child.id,
          programTitle: child.title,
          status: child.status,
          state: signed ? 'signed' : late ? 'late' : 'in_progress',
          submittedAt: child.submittedAt,
          signedAt: signed ? child.signedAt : undefined,
          dueAt,
          daysLate: late ? Math.max(1, calendar.workingDaysBetween(vietnamDate(Date.parse(dueAt!)), vietnamDate(now))) : undefined,
          signedLate: signed && dueAt && child.signedAt ? Date.parse(child.signedAt) > Date.parse(dueAt) : undefined,
        }),
      ),
    );
  }
  const count = (state: UnitState) => units.filter((unit) => unit.state === state).length;
  return JSON.parse(
    JSON.stringify({
      programId,
      title: program.title,
      cascade: program.cascade,
      stage: stage ? { status: stage.status, startedAt: stage.startedAt } : undefined,
      summary: { units: units.length, signed: count('signed'), late: count('late'), inProgress: count('in_progress') },
      units,
    }),
  );
};

export const statusWords: Record<ProgramStatus, string> = {
  draft: 'Đang xây dựng dự thảo',
  in_review: 'Đang lấy ý kiến các bên',
  signing: 'Đang trình ký',
  active: 'Đã ký kết',
  closed: 'Đã kết thúc',
  cancelled: 'Đã hủy',
};

/** One line per unit, as the digest's text part and the page's table both say it. */
export const unitProgress = (unit: CascadeUnitView): string => {
  if (unit.state === 'signed') return `Đã ký ngày ${vietnamDisplayDate(Date.parse(unit.signedAt!))}${unit.signedLate ? ' (sau hạn)' : ''}`;
  const due = unit.dueAt ? ` – hạn ${vietnamDisplayDate(Date.parse(unit.dueAt))}` : '';
  return unit.state === 'late' ? `${statusWords[unit.status]} – chậm ${unit.daysLate} ngày làm việc${due}` : `${statusWords[unit.status]}${due}`;
};

export const summaryWords = (view: CascadeView): string =>
  `${view.summary.signed}/${view.summary.units} đơn vị đã ký kết${view.summary.late > 0 ? `, ${view.summary.late} đơn vị chậm` : ''}`;

/** The table of units, on the page behind a cascade link and in the weekly digest. */
export const cascadeTable = (view: CascadeView): SafeHtml => html`<h2>Tiến độ triển khai xuống cấp dưới</h2>
<p>${summaryWords(view)}.</p>
${
  view.units.length === 0
    ? html`<p class="notice">Chưa có đơn vị cấp dưới nào được giao xây dựng chương trình.</p>`
    : html`<div class="table-scroll"><table><caption class="visually-hidden">Tiến độ ký kết chương trình của các đơn vị cấp dưới</caption>
<thead><tr><th scope="col">Đơn vị</th><th scope="col">Chương trình của đơn vị</th><th scope="col">Tình hình</th></tr></thead>
<tbody>${view.units.map(
        (unit) =>
          html`<tr${unit.state === 'late' ? html` class="overdue"` : ''}><td>${unit.organizationName}</td><td>${unit.programTitle}</td><td>${unit.state === 'late' ? html`<strong>${unitProgress(unit)}</strong>` : unitProgress(unit)}</td></tr>`,
      )}</tbody></table></div>`
}`;

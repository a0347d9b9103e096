import * as z from 'zod/mini';
import { nowMs, vietnamDate } from '#shared/clock.js';
import { recommendationSection } from '#shared/stages/inspection/document.js';
import { getInspection, remediationWrite, visitOfUnit } from '#shared/stages/inspection/records.js';
import { field, optionalText, type StepKindDefinition } from '#shared/steps/kind/definition.js';
import { reportRemediationBrief } from '#shared/stages/inspection/briefs/report-remediation.js';

const REPORT_CHARACTERS = 4000;

/**
 * The inspected unit reports what it did about one recommendation (the step's round is the
 * recommendation's number), due on the recommendation's deadline; late, it climbs the ladder up to
 * the central commission's focal point, who watches the plan.
 */
export const reportRemediation: StepKindDefinition = {
  ...reportRemediationBrief,
  form: z.object({
    report: field(
      z
        .string({ error: 'Vui lòng nêu kết quả khắc phục.' })
        .check(z.trim(), z.minLength(1, 'Vui lòng nêu kết quả khắc phục.'), z.maxLength(REPORT_CHARACTERS, 'Không được dài quá 4.000 ký tự.')),
      {
        label: 'Kết quả khắc phục',
        hint: 'Những việc đơn vị đã làm để khắc phục kiến nghị này, và kết quả.',
        widget: 'textarea',
        maxLength: REPORT_CHARACTERS,
      },
    ),
    completedOn: field(
      z.pipe(
        optionalText(10),
        z.optional(
          z.iso
            .date({ error: 'Vui lòng nhập ngày theo dạng năm-tháng-ngày.' })
            .check(z.refine((date) => date <= vietnamDate(nowMs()), 'Ngày hoàn thành không thể sau hôm nay.')),
        ),
      ),
      { label: 'Ngày hoàn thành', hint: 'Không bắt buộc: để trống nếu việc khắc phục còn đang tiếp tục.', widget: 'date' },
    ),
  }),
  // What the visit found cannot have been remedied before the visit began.
  checkFields: async (deps, step, fields): Promise<Record<string, string>> => {
    if (typeof fields.completedOn !== 'string') return {};
    const visit = visitOfUnit(await getInspection(deps.db, step.subjectId), step.partyOrganizationId);
    return fields.completedOn < visit.start
      ? { completedOn: `Ngày hoàn thành không thể trước ngày Đoàn kiểm tra làm việc với đơn vị (${visit.start.split('-').reverse().join('/')}).` }
      : {};
  },
  document: recommendationSection,
  decisionWrites: async (deps, step, decision) => {
    const inspection = await getInspection(deps.db, step.subjectId);
    const visit = visitOfUnit(inspection, step.partyOrganizationId);
    const fields = decision.fields as { report: string; completedOn?: string };
    return [
      remediationWrite(deps.db, inspection.id, {
        visitId: visit.id,
        number: step.round,
        report: fields.report,
        completedOn: fields.completedOn,
        reportedBy: decision.decidedBy,
        onBehalfOf: decision.onBehalfOf,
        reportedAt: decision.at,
        late: Date.parse(decision.at) > Date.parse(step.dueAt),
      }),
    ];
  },
};

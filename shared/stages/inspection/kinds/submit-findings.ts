import * as z from 'zod/mini';
import { nowMs, vietnamDate } from '#shared/clock.js';
import { visitSection } from '#shared/stages/inspection/document.js';
import { findingsWrite, getInspection, visitOfUnit } from '#shared/stages/inspection/records.js';
import { field, groupEntries, type StepKindDefinition } from '#shared/steps/kind/definition.js';
import { submitFindingsBrief } from '#shared/stages/inspection/briefs/submit-findings.js';
import { addCalendarDays, notWorkingDayMessage, workingCalendar } from '#shared/calendar/working-days.js';
import { singleLineVi } from '#shared/validation.js';

const FINDINGS_CHARACTERS = 8000;
const RECOMMENDATION_CHARACTERS = 2000;
const MAX_RECOMMENDATIONS = 20;
/** A recommendation is remedied within two years; its report falls due on a working day. */
const MAX_DEADLINE_DAYS = 731;

const recommendation = z.object({
  text: z
    .string()
    .check(z.trim(), z.minLength(1, 'Vui lòng nhập nội dung kiến nghị.'), z.maxLength(RECOMMENDATION_CHARACTERS, 'Không được dài quá 2.000 ký tự.')),
  responsibleUnit: z.string().check(z.trim(), z.minLength(1, 'Vui lòng nhập đơn vị chịu trách nhiệm.'), z.maxLength(300, 'Không được dài quá 300 ký tự.'), singleLineVi()),
  deadline: z.iso
    .date({ error: 'Vui lòng nhập hạn khắc phục theo dạng năm-tháng-ngày.' })
    .check(
      z.refine((date) => date > vietnamDate(nowMs()), 'Hạn khắc phục phải sau ngày hôm nay.'),
      z.superRefine((date, ctx) => {
        const latest = addCalendarDays(vietnamDate(nowMs()), MAX_DEADLINE_DAYS);
        const problem =
          date > latest
            ? `Hạn khắc phục phải trong vòng hai năm tới (đến ngày ${latest.split('-').reverse().join('/')}).`
            : notWorkingDayMessage(workingCalendar(), date, 'Hạn khắc phục');
        if (problem) ctx.addIssue({ code: 'custom', message: problem, input: date });
      }),
    ),
});

/** After a visit the team lead sends what the team found, and its recommendations, each with who fixes it and by when. */
export const submitFindings: StepKindDefinition = {
  ...submitFindingsBrief,
  form: z.object({
    findings: field(
      z
        .string({ error: 'Vui lòng nhập kết quả kiểm tra.' })
        .check(z.trim(), z.minLength(1, 'Vui lòng nhập kết quả kiểm tra.'), z.maxLength(FINDINGS_CHARACTERS, 'Không được dài quá 8.000 ký tự.')),
      {
        label: 'Kết quả kiểm tra',
        hint: 'Kết quả nổi bật, hạn chế và nguyên nhân qua kiểm tra.',
        widget: 'textarea',
        maxLength: FINDINGS_CHARACTERS,
      },
    ),
    recommendations: field(
      groupEntries(recommendation).check(z.refine((list) => list.filter(Boolean).length <= MAX_RECOMMENDATIONS, `Tối đa ${MAX_RECOMMENDATIONS} kiến nghị.`)),
      {
        label: 'Kiến nghị',
        entryLabel: 'Kiến nghị',
        hint: 'Mỗi kiến nghị một mục: nội dung, đơn vị chịu trách nhiệm, hạn khắc phục. Đơn vị được kiểm tra sẽ báo cáo khắc phục từng kiến nghị. Cần thêm mục: bấm “Lưu nháp”.',
        widget: 'group',
        blankEntries: 2,
        entryFields: {
          text: { label: 'Nội dung kiến nghị', widget: 'textarea', maxLength: RECOMMENDATION_CHARACTERS },
          responsibleUnit: { label: 'Đơn vị chịu trách nhiệm', widget: 'text', maxLength: 300 },
          deadline: { label: 'Hạn khắc phục', widget: 'date' },
        },
      },
    ),
  }),
  document: visitSection,
  /** The findings are stored with the decision, numbered, for the remediation steps and the plan's view. */
  decisionWrites: async (deps, step, decision) => {
    const inspection = await getInspection(deps.db, step.subjectId);
    const visit = visitOfUnit(inspection, step.partyOrganizationId);
    const fields = decision.fields as { findings: string; recommendations?: (z.infer<typeof recommendation> | null)[] };
    // Entries left blank on the page are not recommendations; the rest are numbered in order.
    const recommendations = (fields.recommendations ?? []).filter((entry): entry is z.infer<typeof recommendation> => entry !== null);
    return [
      findingsWrite(deps.db, inspection.id, {
        visitId: visit.id,
        findings: fields.findings,
        recommendations: recommendations.map((r, index) => ({ number: index + 1, ...r })),
        submittedBy: decision.decidedBy,
        submittedAt: decision.at,
      }),
    ];
  },
};

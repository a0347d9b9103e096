import * as z from 'zod/mini';
import { reportSection } from '#shared/stages/review/document.js';
import { lowerThanBefore, previousFigures } from '#shared/stages/review/figures.js';
import { displayFigure, indicators, readFigure } from '#shared/stages/review/indicators.js';
import { reviewIdOfStage } from '#shared/stages/review/records.js';
import { field, type StepKindDefinition } from '#shared/steps/kind/definition.js';
import { CONFIRM_LOWER, submitReportBrief } from '#shared/stages/review/briefs/submit-report.js';

const MAX_NARRATIVE_CHARACTERS = 20_000;

/** One indicator's field: what was typed, read by the catalogue's rules; errors say what to type. */
const figure = (indicator: (typeof indicators)[number]) =>
  field(
    z.pipe(
      z.unknown(),
      z.transform((typed, ctx) => {
        const { value, error } = readFigure(indicator, typed);
        if (error) {
          ctx.issues.push({ code: 'custom', message: error, input: typed });
          return z.NEVER;
        }
        return value;
      }),
    ),
    {
      label: `${indicator.label} (${indicator.unit})`,
      widget: 'number',
      hint: indicator.kind === 'percent' ? 'Tỷ lệ từ 0 đến 100.' : undefined,
      maxLength: 20,
    },
  );

/**
 * A party's focal point reports what the party did in the period: a narrative and the figures of
 * the catalogue (`shared/reviews/indicators.ts`). A figure lower than the party's last period asks
 * for confirmation: the plain "send" refuses it beside the field, the confirming button accepts it.
 */
export const submitReport: StepKindDefinition = {
  ...submitReportBrief,
  form: z.object({
    narrative: field(
      z
        .string()
        .check(
          z.trim(),
          z.minLength(1, 'Vui lòng nhập báo cáo kết quả thực hiện.'),
          z.maxLength(MAX_NARRATIVE_CHARACTERS, 'Báo cáo không được dài quá 20.000 ký tự.'),
        ),
      {
        label: 'Kết quả thực hiện',
        widget: 'textarea',
        maxLength: MAX_NARRATIVE_CHARACTERS,
        hint: 'Những việc đã làm, kết quả nổi bật, hạn chế và kiến nghị.',
      },
    ),
    ...Object.fromEntries(indicators.map((indicator) => [indicator.id, figure(indicator)])),
  }),
  checkFields: async (deps, step, fields, action) => {
    if (action === CONFIRM_LOWER) return {};
    const before = await previousFigures(deps, step.subjectId, reviewIdOfStage(step.stageId), step.partyOrganizationId);
    if (!before) return {};
    return Object.fromEntries(
      lowerThanBefore(fields, before.figures).map((id) => {
        const indicator = indicators.find((i) => i.id === id)!;
        return [
          id,
          `Thấp hơn kỳ trước (${before.label}: ${displayFigure(indicator, before.figures[id])}). Nếu số liệu đúng, bấm “${submitReport.actions[CONFIRM_LOWER]!.label}”.`,
        ];
      }),
    );
  },
  document: reportSection,
};

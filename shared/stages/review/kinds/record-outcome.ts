import * as z from 'zod/mini';
import { nowMs } from '#shared/clock.js';
import { displayDay } from '#shared/stages/annual-plan/document.js';
import { getProgramRecord } from '#shared/store/programs.js';
import { reviewSection } from '#shared/stages/review/document.js';
import { type Award, getReview, reviewIdOfStage } from '#shared/stages/review/records.js';
import { field, groupEntries, type StepKindDefinition } from '#shared/steps/kind/definition.js';
import { recordFinalOutcomeBrief, recordOutcomeBrief } from '#shared/stages/review/briefs/record-outcome.js';
import { singleLineVi } from '#shared/validation.js';

const MAX_SUMMARY_CHARACTERS = 20_000;
const MAX_NAME_CHARACTERS = 300;

const award = z.object({
  recipient: z
    .string()
    .check(z.trim(), z.minLength(1, 'Vui lòng nhập tên tập thể hoặc cá nhân được khen.'), z.maxLength(MAX_NAME_CHARACTERS, 'Không được dài quá 300 ký tự.'), singleLineVi()),
  kind: z.enum(['collective', 'individual'], { error: 'Vui lòng chọn tập thể hoặc cá nhân.' }),
  awardedBy: z
    .string()
    .check(z.trim(), z.minLength(1, 'Vui lòng nhập cơ quan, người tặng giấy khen.'), z.maxLength(MAX_NAME_CHARACTERS, 'Không được dài quá 300 ký tự.'), singleLineVi()),
});

const form = z.object({
  summary: field(
    z
      .string()
      .check(
        z.trim(),
        z.minLength(1, 'Vui lòng nhập báo cáo tổng hợp kết quả hội nghị.'),
        z.maxLength(MAX_SUMMARY_CHARACTERS, 'Không được dài quá 20.000 ký tự.'),
      ),
    {
      label: 'Báo cáo tổng hợp',
      widget: 'textarea',
      maxLength: MAX_SUMMARY_CHARACTERS,
      hint: 'Kết quả, hạn chế, bài học và phương hướng. Số liệu tổng hợp do hệ thống tính từ báo cáo các bên (bảng trên), không nhập lại.',
    },
  ),
  awards: field(groupEntries(award), {
    label: 'Khen thưởng (giấy khen)',
    entryLabel: 'Khen thưởng',
    hint: 'Mỗi tập thể hoặc cá nhân được khen một mục; để trống nếu không có.',
    widget: 'group',
    blankEntries: 3,
    entryFields: {
      recipient: { label: 'Tập thể, cá nhân được khen', widget: 'text', maxLength: MAX_NAME_CHARACTERS },
      kind: {
        label: 'Loại',
        widget: 'select',
        options: [
          { value: 'collective', label: 'Tập thể' },
          { value: 'individual', label: 'Cá nhân' },
        ],
      },
      awardedBy: { label: 'Cơ quan, người tặng', widget: 'text', maxLength: MAX_NAME_CHARACTERS, hint: 'Ví dụ: Ban Dân vận Tỉnh ủy; Giám đốc Công an tỉnh.' },
    },
  }),
});

const awardValues = (awards: readonly Award[]) => ({
  'awards.recipient': awards.map((a) => a.recipient),
  'awards.kind': awards.map((a) => a.kind),
  'awards.awardedBy': awards.map((a) => a.awardedBy),
});

/**
 * After the conference the lead party's focal point records the consolidated report (the totals
 * are computed from the parties' reports, not typed) and the awards; the heads then approve it.
 * From the same step the conference can be moved (a new invite, same meeting) or cancelled.
 */
export const recordOutcome: StepKindDefinition = {
  ...recordOutcomeBrief,
  form,
  initialValues: async (deps, step) => {
    const review = await getReview(deps.db, step.subjectId, reviewIdOfStage(step.stageId));
    return review?.outcome ? { summary: review.outcome.summary, ...awardValues(review.outcome.awards) } : {};
  },
  checkFields: async (deps, step, _fields, action): Promise<Record<string, string>> => {
    const review = await getReview(deps.db, step.subjectId, reviewIdOfStage(step.stageId));
    const conference = review?.conference;
    if (action !== 'record' || !conference) return {};
    if (conference.status === 'cancelled') return { summary: 'Hội nghị đã bị hủy; vui lòng dời lịch (đặt lịch mới) trước khi ghi nhận kết quả.' };
    if (nowMs() < Date.parse(conference.startAt))
      return { summary: `Hội nghị họp ngày ${displayDay(conference.date)}; chỉ ghi nhận kết quả sau khi hội nghị diễn ra.` };
    return {};
  },
  document: reviewSection,
};

/** The final review's outcome also says whether the parties propose the next period's program. */
export const recordFinalOutcome: StepKindDefinition = {
  ...recordOutcome,
  ...recordFinalOutcomeBrief,
  form: z.extend(form, {
    nextPeriod: field(
      z.pipe(
        z.transform((value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)),
        z.optional(z.string().check(z.trim(), z.regex(/^\d{4}\s*[–-]\s*\d{4}$/, 'Vui lòng nhập giai đoạn dạng năm–năm, ví dụ 2027–2031, hoặc để trống.'))),
      ),
      {
        label: 'Đề xuất Chương trình phối hợp giai đoạn tiếp theo',
        widget: 'text',
        maxLength: 20,
        hint: 'Khi Thủ trưởng các bên đồng ý kết quả, hệ thống lập dự thảo chương trình giai đoạn này (sao chép các bên và nội dung). Để trống nếu không đề xuất.',
      },
    ),
  }),
  initialValues: async (deps, step) => {
    const [program, base] = await Promise.all([getProgramRecord(deps.db, step.subjectId), recordOutcome.initialValues!(deps, step)]);
    const review = await getReview(deps.db, step.subjectId, reviewIdOfStage(step.stageId));
    const proposed = review?.outcome ? review.outcome.nextPeriod : { startYear: program.period.endYear + 1, endYear: program.period.endYear + 5 };
    return { ...base, nextPeriod: proposed ? `${proposed.startYear}–${proposed.endYear}` : '' };
  },
  checkFields: async (deps, step, fields, action) => {
    const errors = { ...(await recordOutcome.checkFields!(deps, step, fields, action)) };
    if (action !== 'record' || typeof fields.nextPeriod !== 'string') return errors;
    const program = await getProgramRecord(deps.db, step.subjectId);
    const [start, end] = fields.nextPeriod.split(/\s*[–-]\s*/).map(Number) as [number, number];
    if (start !== program.period.endYear + 1 || end < start || end - start > 9) {
      errors.nextPeriod = `Giai đoạn tiếp theo bắt đầu từ năm ${program.period.endYear + 1} và dài không quá 10 năm.`;
    }
    return errors;
  },
};

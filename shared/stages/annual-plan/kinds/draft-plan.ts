import { planChange } from '#shared/store/plans.js';
import * as z from 'zod/mini';
import { nowMs } from '#shared/clock.js';
import { partyNames, planSection } from '#shared/stages/annual-plan/document.js';
import { getPlan, type PlanTask, yearOfPlanStage } from '#shared/stages/annual-plan/records.js';
import { getProgramRecord } from '#shared/store/programs.js';
import { field, filledEntries, groupEntries, type StepKindDefinition } from '#shared/steps/kind/definition.js';
import { draftPlanBrief } from '#shared/stages/annual-plan/briefs/draft-plan.js';

const MAX_TASK_CHARACTERS = 2000;
/** The plan item carries every task; it stays well under DynamoDB's 400 KB. */
const MAX_TASKS_BYTES = 300_000;

const task = z.object({
  text: z
    .string()
    .check(z.trim(), z.minLength(1, 'Vui lòng nhập nội dung nhiệm vụ.'), z.maxLength(MAX_TASK_CHARACTERS, 'Mỗi nhiệm vụ không được dài quá 2.000 ký tự.')),
  responsibleOrganizationId: z.string().check(z.minLength(1, 'Vui lòng chọn đơn vị chủ trì.')),
  dueDate: z.iso.date({ error: 'Vui lòng nhập thời hạn theo dạng năm-tháng-ngày.' }),
});

const tasks = groupEntries(task).check(
  z.refine((entries) => filledEntries(entries).length > 0, { message: 'Kế hoạch cần ít nhất một nhiệm vụ.' }),
  z.refine((entries) => filledEntries(entries).reduce((bytes, entry) => bytes + Buffer.byteLength(entry.text), 0) <= MAX_TASKS_BYTES, {
    message: 'Tổng nội dung các nhiệm vụ quá dài để lưu; vui lòng rút gọn.',
  }),
);

/** A task as the form posts it: one value per field of the group. */
const asFormValues = (list: readonly PlanTask[]) => ({
  'tasks.text': list.map((t) => t.text),
  'tasks.responsibleOrganizationId': list.map((t) => t.responsibleOrganizationId),
  'tasks.dueDate': list.map((t) => t.dueDate),
});

/** Last year's due date, the same day this year (29 February becomes the 28th). */
const sameDayIn = (date: string, year: number): string => {
  const [, month, day] = date.split('-');
  const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
  return `${year}-${month}-${month === '02' && day === '29' && !leap ? '28' : day}`;
};

/** The lead party's focal point drafts the year's plan: tasks, each with a responsible party and a due date inside the year. */
export const draftPlan: StepKindDefinition = {
  ...draftPlanBrief,
  form: z.object({
    tasks: field(tasks, {
      label: 'Nhiệm vụ phối hợp',
      entryLabel: 'Nhiệm vụ',
      hint: 'Mỗi nhiệm vụ một mục. Để bỏ một nhiệm vụ, xóa trống cả mục đó; cần thêm thì điền vào các mục trống bên dưới (lưu nháp để có thêm mục trống).',
      widget: 'group',
      blankEntries: 3,
      entryFields: {
        text: { label: 'Nội dung nhiệm vụ', widget: 'textarea', maxLength: MAX_TASK_CHARACTERS },
        responsibleOrganizationId: { label: 'Đơn vị chủ trì', widget: 'select' },
        dueDate: { label: 'Thời hạn', widget: 'date', hint: 'Trong năm của kế hoạch, dạng năm-tháng-ngày.' },
      },
    }),
  }),
  // The plan as last sent (a returned plan being revised), else last year's plan carried over a year.
  initialValues: async (deps, step) => {
    const year = yearOfPlanStage(step.stageId);
    const plan = await getPlan(deps.db, step.subjectId, year);
    if (plan && plan.tasks.length > 0) return asFormValues(plan.tasks);
    const previous = await getPlan(deps.db, step.subjectId, year - 1);
    if (!previous || previous.tasks.length === 0) return {};
    return asFormValues(previous.tasks.map((t) => ({ ...t, dueDate: sameDayIn(t.dueDate, year) })));
  },
  choices: async (deps, step) => {
    const program = await getProgramRecord(deps.db, step.subjectId);
    const names = await partyNames(deps, program);
    return {
      'tasks.responsibleOrganizationId': program.parties.map((party) => ({
        value: party.organizationId,
        label: names.get(party.organizationId) ?? party.organizationId,
      })),
    };
  },
  checkFields: async (deps, step, fields) => {
    const year = yearOfPlanStage(step.stageId);
    const program = await getProgramRecord(deps.db, step.subjectId);
    const parties = new Set(program.parties.map((party) => party.organizationId));
    const errors: Record<string, string> = {};
    ((fields.tasks ?? []) as (PlanTask | null)[]).forEach((entry, index) => {
      if (!entry) return;
      if (!parties.has(entry.responsibleOrganizationId))
        errors[`tasks-${index}-responsibleOrganizationId`] = 'Vui lòng chọn một trong các bên của chương trình.';
      if (!entry.dueDate.startsWith(`${year}-`)) errors[`tasks-${index}-dueDate`] = `Thời hạn phải trong năm ${year}.`;
    });
    return errors;
  },
  document: (deps, step) => planSection(deps, step, true),
  decisionWrites: async (deps, step, decision) => {
    const year = yearOfPlanStage(step.stageId);
    const plan = await getPlan(deps.db, step.subjectId, year);
    if (!plan) throw new Error(`The plan of ${step.stageId} has not been started.`);
    const previous = plan.version === 0 ? await getPlan(deps.db, step.subjectId, year - 1) : undefined;
    return [
      planChange(deps.db, step.subjectId, year, plan.lock, {
        tasks: filledEntries(decision.fields?.tasks as (PlanTask | null)[] | undefined),
        version: plan.version + 1,
        draftedBy: decision.decidedBy,
        draftedAt: new Date(nowMs()).toISOString(),
        ...(previous && previous.tasks.length > 0 ? { copiedFromYear: year - 1 } : {}),
      }),
    ];
  },
};

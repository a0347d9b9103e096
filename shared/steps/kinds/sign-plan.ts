import { planSection } from '../../plans/document.js';
import { yearOfPlanStage } from '../../plans/records.js';
import type { StepKindDefinition } from './kind.js';

/** A party's head signs the plan every party approved, when the program asks for signed plans. */
export const signPlan: StepKindDefinition = {
  name: 'sign_plan',
  title: 'Đề nghị ký Kế hoạch phối hợp năm',
  sentence: 'ký (hoặc từ chối ký, nêu rõ lý do) kế hoạch phối hợp công tác năm thực hiện',
  wordingFor: (step) => ({
    title: `Đề nghị ký Kế hoạch phối hợp năm ${yearOfPlanStage(step.stageId)}`,
    sentence: `ký (hoặc từ chối ký, nêu rõ lý do) kế hoạch phối hợp công tác năm ${yearOfPlanStage(step.stageId)} thực hiện`,
  }),
  formHeading: 'Ký hoặc từ chối ký kế hoạch',
  dueInDays: 5,
  capacity: 'KT.',
  actions: {
    sign: { outcome: 'signed', label: 'Ký kế hoạch', style: 'primary', done: 'ký kế hoạch' },
    refuse: { outcome: 'refused', label: 'Từ chối ký', style: 'danger', done: 'từ chối ký kế hoạch', commentRequired: 'Vui lòng nêu lý do từ chối ký.' },
  },
  comment: { label: 'Ý kiến của đồng chí', hint: 'Bắt buộc khi từ chối ký.' },
  document: (deps, step) => planSection(deps, step, false),
};

import { yearOfPlanStage } from '#shared/stages/annual-plan/records.js';
import type { StepKindBrief } from '#shared/steps/kind/brief.js';

/** The `sign_plan` kind as its emails and its workflow need it (wording, actions, pacing); its page is `../sign-plan.ts`. */
export const signPlanBrief: StepKindBrief = {
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
};

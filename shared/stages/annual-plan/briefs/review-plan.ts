import { yearOfPlanStage } from '#shared/stages/annual-plan/records.js';
import type { StepKindBrief } from '#shared/steps/kind/brief.js';

/** The `review_plan` kind as its emails and its workflow need it (wording, actions, pacing); its page is `../review-plan.ts`. */
export const reviewPlanBrief: StepKindBrief = {
  name: 'review_plan',
  title: 'Đề nghị cho ý kiến Kế hoạch phối hợp năm',
  sentence: 'xem xét và cho ý kiến (đồng ý hoặc trả lại kèm góp ý) đối với kế hoạch phối hợp công tác năm thực hiện',
  wordingFor: (step) => ({
    title: `Đề nghị cho ý kiến Kế hoạch phối hợp năm ${yearOfPlanStage(step.stageId)}`,
    sentence: `xem xét và cho ý kiến (đồng ý hoặc trả lại kèm góp ý) đối với kế hoạch phối hợp công tác năm ${yearOfPlanStage(step.stageId)} thực hiện`,
  }),
  formHeading: 'Cho ý kiến về kế hoạch',
  dueInDays: 5,
  capacity: 'TUQ.',
  actions: {
    approve: { outcome: 'approved', label: 'Đồng ý kế hoạch', style: 'primary', done: 'đồng ý kế hoạch' },
    return: {
      outcome: 'returned',
      label: 'Trả lại kèm góp ý',
      style: 'danger',
      done: 'trả lại kế hoạch kèm góp ý',
      commentRequired: 'Vui lòng nêu ý kiến góp ý khi trả lại kế hoạch.',
    },
  },
  comment: { label: 'Ý kiến của đồng chí', hint: 'Bắt buộc khi trả lại kế hoạch; không bắt buộc khi đồng ý.' },
};

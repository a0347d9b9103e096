import type { StepKindBrief } from '#shared/steps/kind/brief.js';

/** The `review_draft` kind as its emails and its workflow need it (wording, actions, pacing); its page is `../kinds/review-draft.ts`. */
export const reviewDraftBrief: StepKindBrief = {
  name: 'review_draft',
  formerNames: ['review'],
  title: 'Đề nghị cho ý kiến dự thảo',
  sentence: 'xem xét và cho ý kiến (đồng ý hoặc trả lại kèm góp ý) đối với dự thảo',
  formHeading: 'Cho ý kiến',
  dueInDays: 5,
  capacity: 'TUQ.',
  actions: {
    approve: { outcome: 'approved', label: 'Đồng ý dự thảo', style: 'primary', done: 'đồng ý dự thảo' },
    return: {
      outcome: 'returned',
      label: 'Trả lại kèm góp ý',
      style: 'danger',
      done: 'trả lại dự thảo kèm góp ý',
      commentRequired: 'Vui lòng nêu ý kiến góp ý khi trả lại dự thảo.',
    },
  },
  comment: { label: 'Ý kiến của đồng chí', hint: 'Bắt buộc khi trả lại dự thảo; không bắt buộc khi đồng ý.' },
};

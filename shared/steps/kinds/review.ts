import { programDocumentSection } from '../../programs/document-section.js';
import type { StepKindDefinition } from './kind.js';

/** A party's reviewer reads the draft and approves it or returns it with comments. */
export const review: StepKindDefinition = {
  name: 'review',
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
  document: (deps, step) => programDocumentSection(deps, step.subjectId),
};

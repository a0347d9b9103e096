import { reviewWords } from '#shared/stages/review/records.js';
import type { StepKindBrief } from '#shared/steps/kind/brief.js';

/** The `approve_outcome` kind as its emails and its workflow need it (wording, actions, pacing); its page is `../approve-outcome.ts`. */
export const approveOutcomeBrief: StepKindBrief = {
  name: 'approve_outcome',
  title: 'Đề nghị phê duyệt kết quả hội nghị',
  sentence: 'phê duyệt (hoặc trả lại kèm ý kiến) báo cáo tổng hợp và khen thưởng của hội nghị về việc thực hiện',
  wordingFor: (step) => ({
    title: `Đề nghị phê duyệt kết quả hội nghị ${reviewWords(step.stageId)}`,
    sentence: `phê duyệt (hoặc trả lại kèm ý kiến) báo cáo tổng hợp và khen thưởng của hội nghị ${reviewWords(step.stageId)} về việc thực hiện`,
  }),
  formHeading: 'Phê duyệt kết quả',
  dueInDays: 5,
  capacity: 'KT.',
  actions: {
    approve: { outcome: 'approved', label: 'Phê duyệt', style: 'primary', done: 'phê duyệt kết quả hội nghị' },
    return: { outcome: 'returned', label: 'Trả lại kèm ý kiến', style: 'danger', done: 'trả lại kết quả hội nghị', commentRequired: 'Vui lòng nêu ý kiến khi trả lại.' },
  },
  comment: { label: 'Ý kiến của đồng chí', hint: 'Bắt buộc khi trả lại.' },
};

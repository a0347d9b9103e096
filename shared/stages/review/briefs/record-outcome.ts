import { reviewWords } from '#shared/stages/review/records.js';
import { returnedComments } from '#shared/steps/returned-comments.js';
import type { StepKindBrief } from '#shared/steps/kind/brief.js';

/** The `record_outcome` kind as its emails and its workflow need it (wording, actions, pacing); its page is `../record-outcome.ts`. */
export const recordOutcomeBrief: StepKindBrief = {
  name: 'record_outcome',
  title: 'Đề nghị ghi nhận kết quả hội nghị',
  sentence: 'ghi nhận kết quả hội nghị (báo cáo tổng hợp, khen thưởng) hoặc dời, hủy hội nghị về việc thực hiện',
  wordingFor: (step) => ({
    title: `Đề nghị ghi nhận kết quả hội nghị ${reviewWords(step.stageId)}`,
    sentence: `ghi nhận kết quả hội nghị ${reviewWords(step.stageId)} (báo cáo tổng hợp, khen thưởng) hoặc dời, hủy hội nghị về việc thực hiện`,
  }),
  formHeading: 'Kết quả hội nghị',
  dueInDays: 10,
  capacity: 'TUQ.',
  actions: {
    record: { outcome: 'recorded', label: 'Ghi nhận kết quả, trình Thủ trưởng các bên', style: 'primary', done: 'ghi nhận kết quả hội nghị' },
    reschedule: { outcome: 'rescheduled', label: 'Dời lịch hội nghị', style: 'secondary', done: 'đề nghị dời lịch hội nghị', checksFields: false },
    cancel_conference: {
      outcome: 'cancelled',
      label: 'Hủy hội nghị',
      style: 'danger',
      done: 'hủy hội nghị',
      checksFields: false,
      commentRequired: 'Vui lòng nêu lý do hủy hội nghị.',
    },
  },
  comment: { label: 'Ghi chú', hint: 'Bắt buộc khi hủy hội nghị (lý do được gửi kèm thông báo hủy).' },
  requestNotes: (deps, step) => returnedComments(deps, step),
};

/** The `record_final_outcome` kind as its emails and its workflow need it (wording, actions, pacing); its page is `../record-outcome.ts`. */
export const recordFinalOutcomeBrief: StepKindBrief = {
  ...recordOutcomeBrief,
  name: 'record_final_outcome',
  title: 'Đề nghị ghi nhận kết quả hội nghị tổng kết giai đoạn',
  sentence:
    'ghi nhận kết quả hội nghị tổng kết giai đoạn (báo cáo tổng hợp, khen thưởng, đề xuất giai đoạn tiếp theo) hoặc dời, hủy hội nghị về việc thực hiện',
  wordingFor: undefined,
};

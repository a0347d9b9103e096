import { reviewWords } from '#shared/stages/review/records.js';
import type { StepKindBrief } from '#shared/steps/kind/brief.js';

/** The action that sends a report whose figures are lower than last period's; the page's check names its label. */
export const CONFIRM_LOWER = 'confirm_lower';

/** The `submit_report` kind as its emails and its workflow need it (wording, actions, pacing); its page is `../submit-report.ts`. */
export const submitReportBrief: StepKindBrief = {
  name: 'submit_report',
  title: 'Đề nghị gửi báo cáo kết quả thực hiện Chương trình phối hợp',
  sentence: 'gửi báo cáo kết quả (nội dung và số liệu) của đơn vị về việc thực hiện',
  wordingFor: (step) => ({
    title: `Đề nghị gửi báo cáo kết quả ${reviewWords(step.stageId)}`,
    sentence: `gửi báo cáo ${reviewWords(step.stageId)} (nội dung và số liệu) của đơn vị về việc thực hiện`,
  }),
  formHeading: 'Báo cáo của đơn vị',
  dueInDays: 10,
  capacity: 'TUQ.',
  actions: {
    submit: { outcome: 'submitted', label: 'Gửi báo cáo', style: 'primary', done: 'gửi báo cáo' },
    [CONFIRM_LOWER]: {
      outcome: 'submitted',
      label: 'Xác nhận số liệu thấp hơn kỳ trước và gửi báo cáo',
      style: 'secondary',
      done: 'xác nhận số liệu và gửi báo cáo',
    },
  },
  comment: { label: 'Ghi chú', hint: 'Không bắt buộc: giải thích số liệu (ví dụ vì sao thấp hơn kỳ trước).' },
};

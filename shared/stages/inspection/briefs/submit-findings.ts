import type { StepKindBrief } from '#shared/steps/kind/brief.js';

/** The `submit_findings` kind as its emails and its workflow need it (wording, actions, pacing); its page is `../submit-findings.ts`. */
export const submitFindingsBrief: StepKindBrief = {
  name: 'submit_findings',
  title: 'Đề nghị gửi kết quả kiểm tra',
  sentence: 'gửi kết quả kiểm tra và kiến nghị sau buổi làm việc của Đoàn kiểm tra liên ngành theo kế hoạch',
  formHeading: 'Kết quả kiểm tra và kiến nghị',
  dueInDays: 5,
  capacity: 'TUQ.',
  actions: { submit: { outcome: 'submitted', label: 'Gửi kết quả kiểm tra', style: 'primary', done: 'gửi kết quả kiểm tra' } },
  comment: { label: 'Ghi chú', hint: 'Không bắt buộc.' },
};

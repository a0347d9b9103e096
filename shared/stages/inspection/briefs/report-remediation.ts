import type { StepKindBrief } from '#shared/steps/kind/brief.js';

/** The `report_remediation` kind as its emails and its workflow need it (wording, actions, pacing); its page is `../report-remediation.ts`. */
export const reportRemediationBrief: StepKindBrief = {
  name: 'report_remediation',
  title: 'Đề nghị báo cáo kết quả khắc phục kiến nghị',
  sentence: 'báo cáo kết quả khắc phục kiến nghị của Đoàn kiểm tra liên ngành theo kế hoạch',
  formHeading: 'Báo cáo kết quả khắc phục',
  dueInDays: 20,
  capacity: 'TUQ.',
  actions: { report: { outcome: 'reported', label: 'Gửi báo cáo khắc phục', style: 'primary', done: 'gửi báo cáo kết quả khắc phục' } },
  comment: { label: 'Ghi chú', hint: 'Không bắt buộc.' },
  upperLevel: 'watcher',
};

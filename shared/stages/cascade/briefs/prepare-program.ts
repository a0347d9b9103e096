import type { StepKindBrief } from '#shared/steps/kind/brief.js';

/** The `prepare_program` kind as its emails and its workflow need it (wording, actions, pacing); its page is `../prepare-program.ts`. */
export const prepareProgramBrief: StepKindBrief = {
  name: 'prepare_program',
  title: 'Đề nghị xây dựng chương trình phối hợp của đơn vị',
  sentence: 'xây dựng, gửi lấy ý kiến các bên và hoàn thành việc ký kết chương trình phối hợp của đơn vị để triển khai chương trình',
  formHeading: 'Dự thảo chương trình của đơn vị',
  dueInDays: 60,
  capacity: 'TUQ.',
  actions: {
    submit: { outcome: 'submitted', label: 'Gửi dự thảo lấy ý kiến các bên', style: 'primary', done: 'gửi dự thảo chương trình của đơn vị lấy ý kiến các bên' },
  },
  comment: { label: 'Ghi chú gửi các bên', hint: 'Không bắt buộc: ghi chú về những điểm đơn vị đã điều chỉnh so với chương trình cấp trên.' },
  upperLevel: 'watcher',
  weeklyDigest: 'own',
};

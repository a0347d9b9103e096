import type { StepKindBrief } from '#shared/steps/kind/brief.js';

/** The `sign` kind as its emails and its workflow need it (wording, actions, pacing); its page is `../sign.ts`. */
export const signBrief: StepKindBrief = {
  name: 'sign',
  title: 'Đề nghị ký Chương trình phối hợp',
  sentence: 'ký (hoặc từ chối ký, nêu rõ lý do) Chương trình phối hợp',
  formHeading: 'Ký hoặc từ chối ký',
  dueInDays: 5,
  capacity: 'KT.',
  actions: {
    sign: { outcome: 'signed', label: 'Ký chương trình', style: 'primary', done: 'ký chương trình' },
    refuse: { outcome: 'refused', label: 'Từ chối ký', style: 'danger', done: 'từ chối ký', commentRequired: 'Vui lòng nêu lý do từ chối ký.' },
  },
  comment: { label: 'Ý kiến của đồng chí', hint: 'Bắt buộc khi từ chối ký.' },
};

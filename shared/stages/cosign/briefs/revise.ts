import { returnedComments } from '#shared/steps/returned-comments.js';
import type { StepKindBrief } from '#shared/steps/kind/brief.js';

/** The `revise` kind as its emails and its workflow need it (wording, actions, pacing); its page is `../revise.ts`. */
export const reviseBrief: StepKindBrief = {
  name: 'revise',
  title: 'Đề nghị chỉnh sửa dự thảo',
  sentence: 'tiếp thu góp ý, chỉnh sửa và gửi lại dự thảo',
  formHeading: 'Chỉnh sửa và gửi lại',
  dueInDays: 5,
  capacity: 'TUQ.',
  actions: { resubmit: { outcome: 'resubmitted', label: 'Gửi lại dự thảo đã chỉnh sửa', style: 'primary', done: 'gửi lại dự thảo đã chỉnh sửa' } },
  comment: { label: 'Ghi chú về việc chỉnh sửa', hint: 'Không bắt buộc: ghi chú cho các bên về những điểm đã chỉnh sửa.' },
  requestNotes: (deps, step) => returnedComments(deps, step, 'same'),
};

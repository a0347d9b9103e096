import { reviewWords } from '#shared/stages/review/records.js';
import type { StepKindBrief } from '#shared/steps/kind/brief.js';

/** The `set_conference` kind as its emails and its workflow need it (wording, actions, pacing); its page is `../set-conference.ts`. */
export const setConferenceBrief: StepKindBrief = {
  name: 'set_conference',
  title: 'Đề nghị tổ chức hội nghị',
  sentence: 'xác định thời gian, địa điểm, chủ trì hội nghị và gửi giấy mời các bên về việc thực hiện',
  wordingFor: (step) => ({
    title: `Đề nghị tổ chức hội nghị ${reviewWords(step.stageId)}`,
    sentence: `xác định thời gian, địa điểm, chủ trì hội nghị ${reviewWords(step.stageId)} và gửi giấy mời các bên về việc thực hiện`,
  }),
  formHeading: 'Thời gian và địa điểm hội nghị',
  dueInDays: 5,
  capacity: 'TUQ.',
  actions: { set: { outcome: 'set', label: 'Gửi giấy mời các bên', style: 'primary', done: 'gửi giấy mời hội nghị' } },
  comment: { label: 'Ghi chú', hint: 'Không bắt buộc.' },
};

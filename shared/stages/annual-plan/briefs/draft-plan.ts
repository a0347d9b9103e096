import { yearOfPlanStage } from '#shared/stages/annual-plan/records.js';
import { returnedComments } from '#shared/steps/returned-comments.js';
import type { StepKindBrief } from '#shared/steps/kind/brief.js';

/** The `draft_plan` kind as its emails and its workflow need it (wording, actions, pacing); its page is `../draft-plan.ts`. */
export const draftPlanBrief: StepKindBrief = {
  name: 'draft_plan',
  title: 'Đề nghị xây dựng Kế hoạch phối hợp năm',
  sentence: 'xây dựng kế hoạch phối hợp công tác năm (các nhiệm vụ, đơn vị chủ trì, thời hạn) thực hiện',
  wordingFor: (step) => ({
    title: `Đề nghị xây dựng Kế hoạch phối hợp năm ${yearOfPlanStage(step.stageId)}`,
    sentence: `xây dựng kế hoạch phối hợp công tác năm ${yearOfPlanStage(step.stageId)} (các nhiệm vụ, đơn vị chủ trì, thời hạn) thực hiện`,
  }),
  formHeading: 'Các nhiệm vụ của kế hoạch',
  dueInDays: 10,
  capacity: 'TUQ.',
  actions: { submit: { outcome: 'submitted', label: 'Gửi kế hoạch để các bên cho ý kiến', style: 'primary', done: 'gửi kế hoạch để các bên cho ý kiến' } },
  comment: { label: 'Ghi chú gửi các bên', hint: 'Không bắt buộc.' },
  requestNotes: (deps, step) => returnedComments(deps, step),
};

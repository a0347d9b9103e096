import { getOfficial } from '../../../directory.js';
import { listStageSteps } from '../../queries.js';
import type { StepKindBrief } from '../brief.js';

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
  requestNotes: async (deps, step) => {
    const returned = (await listStageSteps(deps.db, { type: 'program', id: step.subjectId }, step.stageId)).filter(
      (s) => s.round === step.round && s.decision?.comment && (s.decision.outcome === 'returned' || s.decision.outcome === 'refused'),
    );
    return Promise.all(returned.map(async (s) => ({ by: (await getOfficial(deps.db, s.decision!.decidedBy)).name, text: s.decision!.comment! })));
  },
};

import { getInspection } from '#shared/stages/inspection/records.js';
import type { StepKindBrief } from '#shared/steps/kind/brief.js';

/** The `confirm_members` kind as its emails and its workflow need it (wording, actions, pacing); its page is `../confirm-members.ts`. */
export const confirmMembersBrief: StepKindBrief = {
  name: 'confirm_members',
  title: 'Đề nghị xác nhận thành phần Đoàn kiểm tra liên ngành',
  sentence: 'xác nhận thành viên của cơ quan mình tham gia Đoàn kiểm tra liên ngành (hoặc đề xuất người thay thế) theo kế hoạch',
  formHeading: 'Xác nhận thành phần',
  dueInDays: 3,
  capacity: 'TUQ.',
  actions: {
    confirm: { outcome: 'confirmed', label: 'Xác nhận thành phần như kế hoạch', style: 'primary', done: 'xác nhận thành phần Đoàn', checksFields: false },
    substitute: {
      outcome: 'substitute_proposed',
      label: 'Đề xuất người thay thế',
      style: 'secondary',
      done: 'đề xuất người thay thế',
      commentRequired: 'Vui lòng nêu lý do đề xuất thay thế.',
    },
  },
  comment: { label: 'Ghi chú', hint: 'Bắt buộc khi đề xuất người thay thế: nêu lý do.' },
  // A second round follows a refused substitute: its request says why.
  requestNotes: async (deps, step) => {
    const agency = (await getInspection(deps.db, step.subjectId)).agencies.find((a) => a.organizationId === step.partyOrganizationId);
    return step.round > 1 && agency?.refusal ? [{ by: 'Đề xuất thay thế trước chưa được chấp nhận', text: agency.refusal.reason }] : [];
  },
};

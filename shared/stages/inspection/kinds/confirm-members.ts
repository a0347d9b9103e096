import * as z from 'zod/mini';
import { getOfficial, listStaff } from '#shared/directory.js';
import { evaluateSubstitute } from '#shared/stages/inspection/confirmation.js';
import { planSection } from '#shared/stages/inspection/document.js';
import { roleLabels } from '#shared/stages/inspection/model.js';
import { getInspection } from '#shared/stages/inspection/records.js';
import { field, type StepKindDefinition } from '#shared/steps/kind/definition.js';
import { confirmMembersBrief } from '#shared/stages/inspection/briefs/confirm-members.js';

const chosen = (message: string) => z.string({ error: message }).check(z.trim(), z.minLength(1, message));

/**
 * An agency's focal point confirms the members its agency sends on an interagency inspection, or
 * proposes one substitute for one of them (checked at once for clashes; the stage checks again).
 */
export const confirmMembers: StepKindDefinition = {
  ...confirmMembersBrief,
  form: z.object({
    replacedMemberId: field(chosen('Vui lòng chọn thành viên cần thay.'), {
      label: 'Thành viên cần thay',
      widget: 'select',
      hint: 'Chỉ chọn khi đề xuất người thay thế.',
    }),
    substituteId: field(chosen('Vui lòng chọn người thay thế.'), {
      label: 'Người thay thế',
      widget: 'select',
      hint: 'Cán bộ của cơ quan đồng chí trong danh bạ của hệ thống; hệ thống kiểm tra ngay lịch của người này.',
    }),
  }),
  choices: async (deps, step) => {
    const inspection = await getInspection(deps.db, step.subjectId);
    const own = inspection.members.filter((member) => member.organizationId === step.partyOrganizationId);
    const onTeam = new Set(inspection.members.map((member) => member.officialId));
    const [members, staff] = await Promise.all([
      Promise.all(
        own.map(async (member) => ({
          value: member.officialId,
          label: `${(await getOfficial(deps.db, member.officialId)).name} – ${roleLabels[member.role]}`,
        })),
      ),
      listStaff(deps.db, step.partyOrganizationId),
    ]);
    return {
      replacedMemberId: members,
      substituteId: staff
        .filter((official) => !onTeam.has(official.id))
        .map((official) => ({ value: official.id, label: `${official.name}, ${official.title}` })),
    };
  },
  checkFields: async (deps, step, fields, action) => {
    if (action !== 'substitute') return {};
    const inspection = await getInspection(deps.db, step.subjectId);
    const evaluation = await evaluateSubstitute(deps, inspection, step.partyOrganizationId, String(fields.replacedMemberId), String(fields.substituteId));
    return evaluation.ok ? {} : { [evaluation.field]: evaluation.reason };
  },
  document: planSection,
};

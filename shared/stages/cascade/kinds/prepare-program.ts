import * as z from 'zod/mini';
import { childProgramIdFor, getCascadeUnit } from '#shared/stages/cascade/children.js';
import { cascadeTable, getCascadeView, statusWords } from '#shared/stages/cascade/view.js';
import { vietnamDisplayDateTime } from '#shared/clock.js';
import { submitProgram } from '#shared/stages/cosign/submit.js';
import type { Deps } from '#shared/deps.js';
import { getOfficial, getOrganization } from '#shared/directory.js';
import { ConflictError } from '#shared/errors.js';
import { html } from '#shared/html.js';
import { LIMITS } from '#shared/limits.js';
import type { Program } from '#shared/programs/model.js';
import { getProgramRecord, programChange, versionWrite } from '#shared/store/programs.js';
import { isConditionFailure } from '#shared/store/table.js';
import type { Step } from '#shared/steps/model.js';
import { field, optionalText, type StepKindDefinition } from '#shared/steps/kind/definition.js';
import { prepareProgramBrief } from '#shared/stages/cascade/briefs/prepare-program.js';
import { contentItemsField } from '#shared/steps/kind/content-items.js';
import { singleLineVi } from '#shared/validation.js';

const form = z.object({
  title: field(
    z
      .string()
      .check(z.trim(), z.minLength(1, 'Vui lòng nhập tên chương trình.'), z.maxLength(LIMITS.titleChars, 'Tên chương trình không được dài quá 500 ký tự.'), singleLineVi()),
    {
      label: 'Tên chương trình',
      widget: 'text',
      maxLength: LIMITS.titleChars,
    },
  ),
  objectives: field(optionalText(LIMITS.objectivesChars), { label: 'Mục đích, yêu cầu', widget: 'textarea', maxLength: LIMITS.objectivesChars }),
  contentItems: contentItemsField('Điền sẵn từ chương trình cấp trên; sửa từng nội dung cho phù hợp với địa phương, nội dung nào phù hợp thì giữ nguyên.'),
});
type Prepared = z.infer<typeof form>;

/** The unit's draft program that the step asks for (its id is recorded under the parent program). */
const unitProgram = async (deps: Deps, step: Step): Promise<Program> => {
  const unit = await getCascadeUnit(deps.db, step.subjectId, step.partyOrganizationId);
  return getProgramRecord(deps.db, unit?.programId ?? childProgramIdFor(step.subjectId, step.partyOrganizationId));
};

/** Writes what the focal point prepared into the unit's draft (still version 1: nobody has read it yet). */
const saveDraft = async (deps: Deps, program: Program, prepared: Prepared, decidedBy: string, note?: string) => {
  const contentItems = program.contentItems.map((item, index) => ({ ...item, text: prepared.contentItems[index] ?? item.text }));
  const changes = JSON.parse(JSON.stringify({ title: prepared.title, objectives: prepared.objectives, contentItems }));
  await deps.db.transact([
    programChange(deps.db, program, changes),
    versionWrite(deps.db, program.id, {
      version: 1,
      ...changes,
      objectives: prepared.objectives ?? program.objectives,
      createdAt: program.createdAt,
      createdBy: decidedBy,
      note,
    }),
    deps.db.auditEvent(program.id, { kind: 'draft_prepared', actorId: decidedBy, comment: note, detail: { parentProgramId: program.parentProgramId } }),
  ]);
};

/**
 * A cascade step: the unit's focal point prepares the unit's own program (pre-filled from the
 * parent's) and sends it into its draft-and-co-sign stage. The step stays open until the unit's
 * program is signed, which completes it; until then the unit is reminded and escalated, the
 * parent program's focal point being the level above.
 */
export const prepareProgram: StepKindDefinition = {
  ...prepareProgramBrief,
  form,
  initialValues: async (deps, step) => {
    const program = await unitProgram(deps, step);
    return { title: program.title, objectives: program.objectives ?? '', contentItems: program.contentItems.map((item) => item.text) };
  },
  document: async (deps, step) => {
    const [program, parent] = await Promise.all([unitProgram(deps, step), getProgramRecord(deps.db, step.subjectId)]);
    const parties = await Promise.all(
      program.parties.map(async (party) => ({
        organization: await getOrganization(deps.db, party.organizationId),
        head: await getOfficial(deps.db, party.signatoryId),
      })),
    );
    return html`<section aria-labelledby="unit-program-heading">
<h2 id="unit-program-heading">Chương trình của đơn vị</h2>
<p>Thực hiện chương trình “${parent.title}”, đơn vị xây dựng chương trình phối hợp của mình cho cùng giai đoạn. Nội dung dưới đây được điền sẵn từ chương trình cấp trên: đồng chí chỉnh sửa cho phù hợp với địa phương rồi bấm “Gửi dự thảo lấy ý kiến các bên”. Hệ thống sẽ đề nghị các bên cho ý kiến, rồi thủ trưởng các bên ký; việc này hoàn thành khi chương trình của đơn vị được ký kết.</p>
<dl class="facts">
<dt>Giai đoạn</dt><dd>${program.period.startYear}–${program.period.endYear}</dd>
<dt>Các bên</dt><dd>${parties.map((p, i) => html`${i > 0 ? '; ' : ''}${p.organization.name} (ký: đồng chí ${p.head.name}, ${p.head.title})`)}</dd>
</dl>
</section>`;
  },
  handOff: {
    action: 'submit',
    perform: async (deps, step, decision) => {
      let program = await unitProgram(deps, step);
      if (program.submittedAt || program.status !== 'draft') return;
      try {
        await saveDraft(deps, program, decision.fields as Prepared, decision.decidedBy, decision.comment);
      } catch (error) {
        // A second press at the same moment saved it first; what it saved is what goes out.
        if (!isConditionFailure(error)) throw error;
        program = await unitProgram(deps, step);
      }
      try {
        await submitProgram(deps, program.id);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    },
    status: async (deps, step) => {
      const program = await unitProgram(deps, step);
      if (!program.submittedAt) return undefined;
      return html`<h2>Chương trình của đơn vị</h2>
<p class="notice success" role="status">Dự thảo “${program.title}” đã được gửi lấy ý kiến các bên lúc ${vietnamDisplayDateTime(Date.parse(program.submittedAt))}. Tình hình hiện tại: ${statusWords[program.status]}.</p>
<p>Các bên nhận thư đề nghị cho ý kiến, rồi thủ trưởng các bên nhận thư đề nghị ký. Việc này hoàn thành khi chương trình được ký kết; đồng chí không cần thao tác thêm trên trang này.</p>`;
    },
  },
  observerSection: async (deps, step) => cascadeTable(await getCascadeView(deps, step.subjectId)),
};

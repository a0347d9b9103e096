import * as z from 'zod/mini';
import { nowMs } from '#shared/clock.js';
import { currentAndPrevious, programDocumentSection } from '#shared/programs/document-section.js';
import type { ContentItem } from '#shared/programs/model.js';
import { programChange, versionWrite } from '#shared/store/programs.js';
import type { StepKindDefinition } from '#shared/steps/kind/definition.js';
import { reviseBrief } from '#shared/stages/cosign/briefs/revise.js';
import { contentItemsField } from '#shared/steps/kind/content-items.js';

/** The lead party's focal point answers the returned comments with a new version of the draft. */
export const revise: StepKindDefinition = {
  ...reviseBrief,
  form: z.object({
    contentItems: contentItemsField('Sửa trực tiếp từng nội dung; nội dung nào không sửa thì giữ nguyên.'),
  }),
  initialValues: async (deps, step) => {
    const { current } = await currentAndPrevious(deps, step.subjectId);
    return { contentItems: current.contentItems.map((item) => item.text) };
  },
  document: (deps, step) => programDocumentSection(deps, step.subjectId),
  decisionWrites: async (deps, step, decision) => {
    const { program } = await currentAndPrevious(deps, step.subjectId);
    const revised = (decision.fields?.contentItems ?? []) as string[];
    const items: ContentItem[] = program.contentItems.map((item, index) => ({ ...item, text: revised[index] ?? item.text }));
    const version = program.documentVersion + 1;
    return [
      programChange(deps.db, program, { documentVersion: version, contentItems: items }),
      versionWrite(deps.db, program.id, {
        version,
        title: program.title,
        contentItems: items,
        objectives: program.objectives,
        createdAt: new Date(nowMs()).toISOString(),
        createdBy: decision.decidedBy,
        note: decision.comment,
      }),
    ];
  },
};

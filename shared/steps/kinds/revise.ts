import * as z from 'zod/mini';
import { nowMs } from '../../clock.js';
import { currentAndPrevious, programDocumentSection } from '../../programs/document-section.js';
import type { ContentItem } from '../../programs/model.js';
import { programChange } from '../../programs/records.js';
import { keys } from '../../store.js';
import { field, type StepKindDefinition } from './kind.js';
import { reviseBrief } from './briefs/revise.js';

const MAX_ITEM_CHARACTERS = 4000;
/** The revised items live on the program item and its version item, both under DynamoDB's 400 KB. */
const MAX_ITEMS_BYTES = 300_000;

const contentItems = z
  .array(
    z
      .string()
      .check(
        z.trim(),
        z.minLength(1, 'Nội dung này đang để trống; vui lòng nhập nội dung.'),
        z.maxLength(MAX_ITEM_CHARACTERS, 'Mỗi nội dung không được dài quá 4.000 ký tự.'),
      ),
  )
  .check(
    z.maxLength(100, 'Số nội dung phối hợp vượt quá giới hạn.'),
    z.refine((items) => items.reduce((bytes, text) => bytes + Buffer.byteLength(text), 0) <= MAX_ITEMS_BYTES, {
      message: 'Tổng nội dung quá dài để lưu; vui lòng rút gọn.',
    }),
  );

/** The lead party's focal point answers the returned comments with a new version of the draft. */
export const revise: StepKindDefinition = {
  ...reviseBrief,
  form: z.object({
    contentItems: field(contentItems, {
      label: 'Nội dung phối hợp',
      entryLabel: 'Nội dung',
      hint: 'Sửa trực tiếp từng nội dung; nội dung nào không sửa thì giữ nguyên.',
      widget: 'list',
      maxLength: MAX_ITEM_CHARACTERS,
    }),
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
      {
        Put: {
          TableName: deps.db.tableName,
          Item: JSON.parse(
            JSON.stringify({
              ...keys.programVersion(program.id, version),
              type: 'version',
              version,
              title: program.title,
              contentItems: items,
              objectives: program.objectives,
              createdAt: new Date(nowMs()).toISOString(),
              createdBy: decision.decidedBy,
              note: decision.comment,
            }),
          ),
        },
      },
    ];
  },
};

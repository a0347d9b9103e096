import * as z from 'zod/mini';
import { nowMs } from '../../clock.js';
import { getOfficial } from '../../directory.js';
import { currentAndPrevious, programDocumentSection } from '../../programs/document-section.js';
import type { ContentItem } from '../../programs/model.js';
import { programChange } from '../../programs/records.js';
import { keys } from '../../store.js';
import { listStageSteps } from '../queries.js';
import { field, type StepKindDefinition } from './kind.js';

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
  name: 'revise',
  title: 'Đề nghị chỉnh sửa dự thảo',
  sentence: 'tiếp thu góp ý, chỉnh sửa và gửi lại dự thảo',
  formHeading: 'Chỉnh sửa và gửi lại',
  dueInDays: 5,
  capacity: 'TUQ.',
  actions: { resubmit: { outcome: 'resubmitted', label: 'Gửi lại dự thảo đã chỉnh sửa', style: 'primary', done: 'gửi lại dự thảo đã chỉnh sửa' } },
  comment: { label: 'Ghi chú về việc chỉnh sửa', hint: 'Không bắt buộc: ghi chú cho các bên về những điểm đã chỉnh sửa.' },
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
  requestNotes: async (deps, step) => {
    const returned = (await listStageSteps(deps.db, { type: 'program', id: step.subjectId }, step.stageId)).filter(
      (s) => s.round === step.round && s.decision?.comment && (s.decision.outcome === 'returned' || s.decision.outcome === 'refused'),
    );
    return Promise.all(returned.map(async (s) => ({ by: (await getOfficial(deps.db, s.decision!.decidedBy)).name, text: s.decision!.comment! })));
  },
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

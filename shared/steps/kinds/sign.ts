import { programDocumentSection } from '../../programs/document-section.js';
import type { StepKindDefinition } from './kind.js';

/** A party's head signs the approved text, or refuses with a reason. */
export const sign: StepKindDefinition = {
  name: 'sign',
  title: 'Đề nghị ký Chương trình phối hợp',
  sentence: 'ký (hoặc từ chối ký, nêu rõ lý do) Chương trình phối hợp',
  formHeading: 'Ký hoặc từ chối ký',
  dueInDays: 5,
  capacity: 'KT.',
  actions: {
    sign: { outcome: 'signed', label: 'Ký chương trình', style: 'primary', done: 'ký chương trình' },
    refuse: { outcome: 'refused', label: 'Từ chối ký', style: 'danger', done: 'từ chối ký', commentRequired: 'Vui lòng nêu lý do từ chối ký.' },
  },
  comment: { label: 'Ý kiến của đồng chí', hint: 'Bắt buộc khi từ chối ký.' },
  document: (deps, step) => programDocumentSection(deps, step.subjectId),
};

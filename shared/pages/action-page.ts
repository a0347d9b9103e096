import type * as z from 'zod/mini';
import { nowMs, vietnamDisplayDate, vietnamDisplayDateTime } from '#shared/clock.js';
import { html, multiline, type SafeHtml } from '#shared/html.js';
import { type Choice, type EntryFieldMeta, type FieldMeta, fieldMeta, type FormValues, type StepKindDefinition, wordingOf } from '#shared/steps/kind/index.js';
import { SYSTEM_ACTOR } from '#shared/steps/complete.js';
import type { Decision, Step } from '#shared/steps/model.js';
import type { Recipient } from '#shared/steps/notify.js';
import type { SubjectFacts } from '#shared/subjects.js';
import { actionButtons, csrfField, errorSummary, type FieldErrors, fieldError, type FormButton, inputField, selectField, textareaField } from './fields.js';

/** Not a decision: keeps what was typed on the step, to finish later from the same link. */
export const SAVE_DRAFT = 'save_draft';

export interface PageFacts {
  readonly step: Step;
  readonly kind: StepKindDefinition;
  readonly subject: SubjectFacts;
  /** Who holds the link: an official, or an office (a view-only link of an escalation). */
  readonly actor: Recipient;
  readonly assignee: Recipient;
  readonly onBehalf: boolean;
}

/** "KT." (ký thay) for a signature, "TUQ." (thừa ủy quyền) otherwise: the form Vietnamese documents use. */
const capacityWords = (kind: StepKindDefinition) => (kind.capacity === 'KT.' ? 'ký thay (KT.)' : 'thừa ủy quyền (TUQ.)');

/**
 * The first lines of every page: who is asked, what, about which subject, by when, for whom.
 * `asking` adds the request as a sentence; pages about a closed step leave it out.
 */
export const whoWhatWhen = (facts: PageFacts, asking = false): SafeHtml => {
  const dueMs = Date.parse(facts.step.dueAt);
  const overdue = nowMs() > dueMs;
  const version = facts.step.documentVersion ? ` (phiên bản ${facts.step.documentVersion})` : '';
  const wording = wordingOf(facts.kind, facts.step);
  return html`<h1>${wording.title}</h1>
${asking ? html`<p class="lead">Đề nghị đồng chí ${wording.sentence} dưới đây trước ngày <strong>${vietnamDisplayDate(dueMs)}</strong>. <a href="#decision">Đi tới phần xử lý</a></p>` : ''}
<dl class="facts">
<dt>Kính gửi</dt><dd>Đồng chí ${facts.actor.name}, ${facts.actor.title}</dd>
${
  facts.onBehalf
    ? html`<dt>Xử lý thay</dt><dd>${facts.kind.capacity} đồng chí ${facts.assignee.name}, ${facts.assignee.title} <span class="hint">(đồng chí ${capacityWords(facts.kind)} người được đề nghị)</span></dd>`
    : ''
}
<dt>${facts.subject.ref.type === 'program' ? 'Chương trình' : 'Nội dung'}</dt><dd>${facts.subject.title}${version}</dd>
<dt>Hạn xử lý</dt><dd>${vietnamDisplayDate(dueMs)}${overdue ? html` <strong class="overdue">(đã quá hạn)</strong>` : ''}</dd>
</dl>`;
};

export interface FormState {
  readonly comment?: string;
  readonly values?: FormValues;
  readonly errors?: FieldErrors;
  /** When the values come from a saved draft: when it was saved and by whom (if not the reader). */
  readonly draftSavedAt?: string;
  readonly draftSavedByName?: string;
}

const draftNotice = (state: FormState) =>
  state.draftSavedAt
    ? html`<p class="notice" role="status" id="draft-notice">Đã lưu nháp lúc ${vietnamDisplayDateTime(Date.parse(state.draftSavedAt))}${
        state.draftSavedByName ? ` (do đồng chí ${state.draftSavedByName} lưu)` : ''
      }. Bản nháp chưa phải là ý kiến chính thức: đồng chí có thể sửa tiếp rồi bấm nút xác nhận.</p>`
    : '';

const asList = (value: FormValues[string]): readonly string[] => (value === undefined ? [] : typeof value === 'string' ? [value] : value);
const asText = (value: FormValues[string]): string | undefined => (typeof value === 'string' ? value : value?.[0]);

/** The choices of the step that depend on it, by field path. */
export type StepChoices = Readonly<Record<string, readonly Choice[]>>;

/** One field by its widget (a list and a group are laid out by the caller). */
const singleField = (meta: FieldMeta | EntryFieldMeta, props: Parameters<typeof inputField>[0], options: readonly Choice[] = []): SafeHtml => {
  if (meta.widget === 'textarea') return textareaField(props);
  if (meta.widget === 'select') return selectField({ ...props, options: meta.options ?? options });
  const type = meta.widget === 'number' || meta.widget === 'date' ? meta.widget : 'text';
  return inputField({ ...props, type, inputMode: type === 'number' ? 'decimal' : undefined });
};

/**
 * A group: each entry a fieldset of its fields (posted as `<name>.<field>`), then `blankEntries`
 * empty ones to add more. Blank entries at the end are not repeated; those in between keep their
 * place, so the errors (by position) stay beside the fields they belong to.
 */
const groupField = (name: string, meta: FieldMeta, state: FormState, initial: FormValues, labels: Record<string, string>, choices: StepChoices): SafeHtml => {
  const fields = Object.entries(meta.entryFields ?? {});
  const fromState = fields.some(([field]) => state.values?.[`${name}.${field}`] !== undefined);
  const columns = fields.map(([field]) => asList((fromState ? state.values! : initial)[`${name}.${field}`]));
  let filled = Math.max(0, ...columns.map((column) => column.length));
  while (filled > 0 && columns.every((column) => (column[filled - 1] ?? '').trim() === '')) filled -= 1;
  const entryLabel = meta.entryLabel ?? meta.label;
  labels[name] = meta.label;
  return html`<fieldset class="group" id="${name}"><legend>${meta.label}</legend>
${meta.hint ? html`<p class="hint">${meta.hint}</p>` : ''}${fieldError(name, state.errors?.[name])}
${Array.from({ length: filled + (meta.blankEntries ?? 0) }, (_, index) => {
  const heading = `${entryLabel} ${index + 1}`;
  return html`<fieldset class="entry"><legend>${heading}</legend>
${fields.map(([field, entryMeta], column) => {
  const id = `${name}-${index}-${field}`;
  labels[id] = `${heading}: ${entryMeta.label}`;
  const props = { id, name: `${name}.${field}`, label: entryMeta.label, hint: entryMeta.hint, value: columns[column]![index], error: state.errors?.[id], maxLength: entryMeta.maxLength };
  return singleField(entryMeta, props, choices[`${name}.${field}`]);
})}</fieldset>`;
})}
</fieldset>`;
};

/** The kind's own fields, each rendered by its field block from the meta on its schema. */
const kindFields = (kind: StepKindDefinition, state: FormState, initial: FormValues, labels: Record<string, string>, choices: StepChoices): SafeHtml[] =>
  Object.entries(kind.form?.shape ?? {}).map(([name, schema]) => {
    const meta = fieldMeta(schema as z.ZodMiniType);
    if (!meta) throw new Error(`Field '${name}' of step kind '${kind.name}' has no meta: declare it with field().`);
    if (meta.widget === 'group') return groupField(name, meta, state, initial, labels, choices);
    const value = state.values?.[name] ?? initial[name];
    if (meta.widget === 'list') {
      const items = asList(value);
      items.forEach((_, index) => {
        labels[`${name}-${index}`] = `${meta.entryLabel ?? meta.label} ${index + 1}`;
      });
      return html`<h3>${meta.label}</h3>${meta.hint ? html`<p class="hint">${meta.hint}</p>` : ''}
${items.map((text, index) =>
  textareaField({ id: `${name}-${index}`, name, label: `${meta.entryLabel ?? meta.label} ${index + 1}`, value: text, error: state.errors?.[`${name}-${index}`], maxLength: meta.maxLength }),
)}`;
    }
    labels[name] = meta.label;
    const props = { id: name, name, label: meta.label, hint: meta.hint, value: asText(value), error: state.errors?.[name], maxLength: meta.maxLength };
    return singleField(meta, props, choices[name]);
  });

/** The form: the kind's fields, the comment, then one button per allowed action and "Lưu nháp". */
export const decisionForm = (facts: PageFacts, actions: readonly string[], csrf: string, state: FormState, initial: FormValues, choices: StepChoices = {}): SafeHtml => {
  const { kind } = facts;
  const labels: Record<string, string> = { comment: kind.comment.label, form: 'Biểu mẫu' };
  const fields = kindFields(kind, state, initial, labels, choices);
  const buttons: FormButton[] = [
    ...actions.flatMap((name) => {
      const action = kind.actions[name];
      return action ? [{ action: name, label: action.label, style: action.style }] : [];
    }),
    { action: SAVE_DRAFT, label: 'Lưu nháp', style: 'secondary' },
  ];
  return html`<form method="post" novalidate>
${csrfField(csrf)}
${errorSummary(state.errors ?? {}, labels)}
${draftNotice(state)}
${fields}
${textareaField({ id: 'comment', name: 'comment', label: kind.comment.label, hint: kind.comment.hint, value: state.comment, error: state.errors?.comment, maxLength: 4000 })}
${actionButtons(buttons)}
<p class="hint">Ý kiến chỉ được ghi nhận khi đồng chí bấm một trong các nút xác nhận. “Lưu nháp” giữ lại nội dung đã nhập để làm tiếp sau bằng chính đường dẫn này.</p>
</form>`;
};

export const decisionSummary = (kind: StepKindDefinition, decision: Decision, deciderName: string, isYou: boolean): SafeHtml =>
  html`<p class="notice success" role="status">${
    decision.decidedBy === SYSTEM_ACTOR ? 'Hệ thống đã ghi nhận việc này hoàn thành' : `${isYou ? 'Đồng chí' : `Đồng chí ${deciderName}`} đã ${kind.actions[decision.action]?.done ?? decision.outcome}`
  } lúc ${vietnamDisplayDateTime(Date.parse(decision.at))}${
    decision.capacity ? ` (${decision.capacity})` : ''
  }.</p>
${decision.comment ? html`<p><strong>Ý kiến:</strong> ${multiline(decision.comment)}</p>` : ''}`;

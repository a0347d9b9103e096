import type * as z from 'zod/mini';
import { type ActionSpec, fieldMeta, type StepKindDefinition } from '#shared/steps/kind/definition.js';
import { LIMITS } from '#shared/limits.js';

/** What an official posted: the button pressed, the comment, and the kind's own fields as typed. */
export interface SubmittedForm {
  readonly action?: string;
  readonly comment?: string;
  readonly values: Readonly<Record<string, string | readonly string[]>>;
}

export type FormCheck =
  | { readonly ok: true; readonly actionName: string; readonly action: ActionSpec; readonly comment?: string; readonly fields?: Record<string, unknown> }
  | { readonly ok: false; readonly errors: Record<string, string> };

export const MAX_COMMENT_CHARACTERS = 4000;
const MAX_LIST_ITEMS = 100;
/** What a field without a message of its own says when what was typed does not fit it. */
const FIELD_NOT_VALID = 'Giá trị không hợp lệ, vui lòng kiểm tra lại.';
/** A draft or a decision lives on the step item (DynamoDB: 400 KB), and a decision travels to the execution (Step Functions: 256 KB). */
export const MAX_FORM_BYTES = LIMITS.formBytes;

/**
 * The field id of an error: the field's name, `<name>-<index>` for one entry of a list, or
 * `<name>-<index>-<field>` for a field of one entry of a group.
 */
const fieldId = (path: readonly PropertyKey[]) => {
  if (path.length > 1 && typeof path[1] === 'number')
    return path.length > 2 ? `${String(path[0])}-${path[1]}-${String(path[2])}` : `${String(path[0])}-${path[1]}`;
  return String(path[0] ?? 'form');
};

const asList = (value: string | readonly string[] | undefined): string[] => (value === undefined ? [] : typeof value === 'string' ? [value] : [...value]);

/**
 * A group's entries from its fields posted side by side (`tasks.text`, `tasks.dueDate`, … one value
 * per entry, in order): an object per entry, `null` for one left entirely blank.
 */
export const groupInput = (name: string, entryFields: readonly string[], values: SubmittedForm['values']): (Record<string, string> | null)[] => {
  const columns = entryFields.map((field) => asList(values[`${name}.${field}`]));
  const count = Math.max(0, ...columns.map((column) => column.length));
  return Array.from({ length: count }, (_, index) => {
    const entry = Object.fromEntries(entryFields.map((field, column) => [field, columns[column]![index] ?? '']));
    return Object.values(entry).every((value) => value.trim() === '') ? null : entry;
  });
};

/** The kind's fields from what was posted: lists as lists, groups as lists of entries, the rest as their one value. */
export const formInput = (form: z.ZodMiniObject | undefined, values: SubmittedForm['values']): Record<string, unknown> => {
  if (!form) return {};
  return Object.fromEntries(
    Object.entries(form.shape).map(([name, schema]) => {
      const value = values[name];
      const meta = fieldMeta(schema as z.ZodMiniType);
      if (meta?.widget === 'list') return [name, asList(value)];
      if (meta?.widget === 'group') return [name, groupInput(name, Object.keys(meta.entryFields ?? {}), values)];
      return [name, typeof value === 'string' ? value : value?.[0]];
    }),
  );
};

/** As JSON, the way the decision reaches Step Functions: a quote or a line break takes two bytes, a control character six. */
const bytesOf = (values: SubmittedForm['values']) => Buffer.byteLength(JSON.stringify(values));

/** Limits every form has, decision or draft: errors beside the comment and each too-long field. */
export const checkSizes = (kind: StepKindDefinition, form: SubmittedForm): Record<string, string> => {
  const errors: Record<string, string> = {};
  if ((form.comment ?? '').length > MAX_COMMENT_CHARACTERS) errors.comment = 'Ý kiến không được dài quá 4.000 ký tự.';
  for (const [name, schema] of Object.entries(kind.form?.shape ?? {})) {
    const meta = fieldMeta(schema as z.ZodMiniType);
    if (meta?.widget === 'group') {
      for (const [field, entryMeta] of Object.entries(meta.entryFields ?? {})) {
        const column = asList(form.values[`${name}.${field}`]);
        if (column.length > MAX_LIST_ITEMS) errors[name] = 'Số mục vượt quá giới hạn.';
        column.forEach((text, index) => {
          if (entryMeta.maxLength && text.length > entryMeta.maxLength)
            errors[`${name}-${index}-${field}`] = `Không được dài quá ${entryMeta.maxLength.toLocaleString('vi-VN')} ký tự.`;
        });
      }
      continue;
    }
    const value = form.values[name];
    const entries = value === undefined ? [] : typeof value === 'string' ? [value] : value;
    if (entries.length > MAX_LIST_ITEMS) errors[name] = 'Số mục vượt quá giới hạn.';
    entries.forEach((text, index) => {
      if (meta?.maxLength && text.length > meta.maxLength) {
        errors[meta.widget === 'list' ? `${name}-${index}` : name] = `Không được dài quá ${meta.maxLength.toLocaleString('vi-VN')} ký tự.`;
      }
    });
  }
  if (bytesOf(form.values) + Buffer.byteLength(JSON.stringify(form.comment ?? '')) > MAX_FORM_BYTES) errors.form = 'Nội dung quá dài để lưu; vui lòng rút gọn.';
  return errors;
};

/** The checks on a decision before anything is written; the field errors are shown beside the fields. */
export const checkForm = (kind: StepKindDefinition, allowed: readonly string[], form: SubmittedForm): FormCheck => {
  const actionName = form.action ?? '';
  const action = Object.hasOwn(kind.actions, actionName) ? kind.actions[actionName] : undefined;
  if (!action || !allowed.includes(actionName)) return { ok: false, errors: { action: 'Vui lòng chọn một trong các thao tác được đề nghị.' } };
  const errors = checkSizes(kind, form);
  const comment = form.comment?.trim() || undefined;
  if (action.commentRequired && !comment && !errors.comment) errors.comment = action.commentRequired;
  let fields: Record<string, unknown> | undefined;
  if (kind.form && action.checksFields !== false && Object.keys(errors).length === 0) {
    const parsed = kind.form.safeParse(formInput(kind.form, form.values), { error: () => FIELD_NOT_VALID });
    if (parsed.success) fields = parsed.data;
    else for (const issue of parsed.error.issues) errors[fieldId(issue.path)] ??= issue.message;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, actionName, action, comment, fields };
};

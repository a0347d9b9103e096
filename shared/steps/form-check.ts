import type * as z from 'zod';
import { type ActionSpec, fieldMeta, type StepKindDefinition } from './kinds/kind.js';

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
/** A draft or a decision lives on the step item, which DynamoDB caps at 400 KB. */
export const MAX_FORM_BYTES = 300_000;

/** The field id of an error: the field's name, or `<name>-<index>` for one entry of a list. */
const fieldId = (path: readonly PropertyKey[]) => (path.length > 1 && typeof path[1] === 'number' ? `${String(path[0])}-${path[1]}` : String(path[0] ?? 'form'));

/** The kind's fields from what was posted: lists as lists, the rest as their one value. */
export const formInput = (form: z.ZodObject | undefined, values: SubmittedForm['values']): Record<string, unknown> => {
  if (!form) return {};
  return Object.fromEntries(
    Object.entries(form.shape).map(([name, schema]) => {
      const value = values[name];
      const list = fieldMeta(schema as z.ZodType)?.widget === 'list';
      if (list) return [name, value === undefined ? [] : typeof value === 'string' ? [value] : [...value]];
      return [name, typeof value === 'string' ? value : value?.[0]];
    }),
  );
};

const bytesOf = (values: SubmittedForm['values']) =>
  Object.values(values).reduce((sum, value) => sum + (typeof value === 'string' ? Buffer.byteLength(value) : value.reduce((s, v) => s + Buffer.byteLength(v), 0)), 0);

/** Limits every form has, decision or draft: errors beside the comment and each too-long field. */
export const checkSizes = (kind: StepKindDefinition, form: SubmittedForm): Record<string, string> => {
  const errors: Record<string, string> = {};
  if ((form.comment ?? '').length > MAX_COMMENT_CHARACTERS) errors.comment = 'Ý kiến không được dài quá 4.000 ký tự.';
  for (const [name, schema] of Object.entries(kind.form?.shape ?? {})) {
    const meta = fieldMeta(schema as z.ZodType);
    const value = form.values[name];
    const entries = value === undefined ? [] : typeof value === 'string' ? [value] : value;
    if (entries.length > MAX_LIST_ITEMS) errors[name] = 'Số mục vượt quá giới hạn.';
    entries.forEach((text, index) => {
      if (meta?.maxLength && text.length > meta.maxLength) {
        errors[meta.widget === 'list' ? `${name}-${index}` : name] = `Không được dài quá ${meta.maxLength.toLocaleString('vi-VN')} ký tự.`;
      }
    });
  }
  if (bytesOf(form.values) + Buffer.byteLength(form.comment ?? '') > MAX_FORM_BYTES) errors.form = 'Nội dung quá dài để lưu; vui lòng rút gọn.';
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
    const parsed = kind.form.safeParse(formInput(kind.form, form.values));
    if (parsed.success) fields = parsed.data;
    else for (const issue of parsed.error.issues) errors[fieldId(issue.path)] ??= issue.message;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, actionName, action, comment, fields };
};

import * as z from 'zod';
import type { Deps } from '../../deps.js';
import type { SafeHtml } from '../../html.js';
import type { TransactItem } from '../../store.js';
import type { Decision, Step } from '../model.js';

/** One button of a step's form, and what pressing it records. */
export interface ActionSpec {
  /** The decision's outcome, which the workflow branches on. */
  readonly outcome: string;
  readonly label: string;
  readonly style: 'primary' | 'danger' | 'secondary';
  /** What the confirmation says was done, after "đồng chí … đã". */
  readonly done: string;
  /** When set, the comment is required with this action; the message is shown beside the field. */
  readonly commentRequired?: string;
  /** When false, the form's fields are not checked for this action (e.g. "return" needs no figures). @default true */
  readonly checksFields?: boolean;
}

/** How a field of a kind's form is shown; attached to the field's zod schema with `.meta()`. */
export interface FieldMeta {
  readonly label: string;
  readonly hint?: string;
  readonly widget: 'text' | 'textarea' | 'number' | 'date' | 'list';
  readonly maxLength?: number;
  /** For a list: the label of one entry, numbered after it ("Nội dung 1"). @default label */
  readonly entryLabel?: string;
}

/** What a kind's form knows about the step it is shown for: initial values (e.g. today's content items). */
export type FormValues = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface StepKindDefinition {
  /** Lower-case identifier, also in step ids: `review`, `sign`, … */
  readonly name: string;
  /** The heading of emails and pages, e.g. "Đề nghị ký Chương trình phối hợp". */
  readonly title: string;
  /** What is asked, after "Đề nghị đồng chí …", ending with what it is about (the subject's title follows). */
  readonly sentence: string;
  /** The heading of the form on the page. */
  readonly formHeading: string;
  /** Working days a step of this kind is given unless the policy says otherwise. */
  readonly dueInDays: number;
  /** "KT." (ký thay) for signatures, "TUQ." (thừa ủy quyền) otherwise. */
  readonly capacity: 'KT.' | 'TUQ.';
  readonly actions: Readonly<Record<string, ActionSpec>>;
  readonly comment: { readonly label: string; readonly hint: string };
  /** The kind's own fields, each with `FieldMeta`; their parsed values travel with the decision as `fields`. */
  readonly form?: z.ZodObject;
  /** Values the form starts from (before any draft), e.g. the current text being revised. */
  readonly initialValues?: (deps: Deps, step: Step) => Promise<FormValues>;
  /** What the page shows above the form, e.g. the document under review. */
  readonly document?: (deps: Deps, step: Step) => Promise<SafeHtml | ''>;
  /** Extra writes in the decision's transaction, e.g. a revision's new document version. */
  readonly decisionWrites?: (deps: Deps, step: Step, decision: Decision) => Promise<TransactItem[]>;
  /** Extra lines in the request email, e.g. the comments a revision answers. */
  readonly requestNotes?: (deps: Deps, step: Step) => Promise<readonly { by: string; text: string }[]>;
}

/** A field of a kind's form: its zod schema carries how it is shown. */
export const field = <S extends z.ZodType>(schema: S, meta: FieldMeta): S => schema.meta({ ...meta }) as S;

export const fieldMeta = (schema: z.ZodType): FieldMeta | undefined => schema.meta() as FieldMeta | undefined;

/** A form value arrives as text; empty means "not given". */
export const optionalText = (max: number) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), z.string().trim().max(max, `Không được dài quá ${max.toLocaleString('vi-VN')} ký tự.`).optional());

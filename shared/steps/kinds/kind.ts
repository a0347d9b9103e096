import * as z from 'zod/mini';
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

/** One choice of a `select`: the value posted and what the official reads. */
export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** A field inside each entry of a `group`. */
export interface EntryFieldMeta {
  readonly label: string;
  readonly hint?: string;
  readonly widget: 'text' | 'textarea' | 'number' | 'date' | 'select';
  readonly maxLength?: number;
  /** For a select: its fixed choices; choices that depend on the step come from the kind's `choices`. */
  readonly options?: readonly Choice[];
}

/** How a field of a kind's form is shown; attached to the field's zod schema with `.meta()`. */
export interface FieldMeta {
  readonly label: string;
  readonly hint?: string;
  /**
   * `group`: a repeated set of fields (a plan's tasks, a review's awards), posted as `<name>.<field>`
   * with one value per entry in order, parsed as a list of objects (`null` for an entry left blank).
   */
  readonly widget: 'text' | 'textarea' | 'number' | 'date' | 'list' | 'select' | 'group';
  readonly maxLength?: number;
  /** For a list or group: the label of one entry, numbered after it ("Nội dung 1"). @default label */
  readonly entryLabel?: string;
  /** For a group: the fields of one entry. */
  readonly entryFields?: Readonly<Record<string, EntryFieldMeta>>;
  /** For a group: empty entries shown after the filled ones, so entries can be added without scripts. @default 0 */
  readonly blankEntries?: number;
  /** For a select: its fixed choices (else the kind's `choices` for this field). */
  readonly options?: readonly Choice[];
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
  /**
   * Title and sentence naming the step's own stage (a plan's year, which review), from its stage id,
   * where the fixed ones would leave an official asking "which one?". Read through `wordingOf`.
   */
  readonly wordingFor?: (step: Pick<Step, 'stageId'>) => { readonly title: string; readonly sentence: string };
  /** The heading of the form on the page. */
  readonly formHeading: string;
  /** Working days a step of this kind is given unless the policy says otherwise. */
  readonly dueInDays: number;
  /** "KT." (ký thay) for signatures, "TUQ." (thừa ủy quyền) otherwise. */
  readonly capacity: 'KT.' | 'TUQ.';
  readonly actions: Readonly<Record<string, ActionSpec>>;
  readonly comment: { readonly label: string; readonly hint: string };
  /** The kind's own fields, each with `FieldMeta`; their parsed values travel with the decision as `fields`. */
  readonly form?: z.ZodMiniObject;
  /** Values the form starts from (before any draft), e.g. the current text being revised. */
  readonly initialValues?: (deps: Deps, step: Step) => Promise<FormValues>;
  /** What the page shows above the form, e.g. the document under review. */
  readonly document?: (deps: Deps, step: Step) => Promise<SafeHtml | ''>;
  /** Extra writes in the decision's transaction, e.g. a revision's new document version. */
  readonly decisionWrites?: (deps: Deps, step: Step, decision: Decision) => Promise<TransactItem[]>;
  /** Extra lines in the request email, e.g. the comments a revision answers. */
  readonly requestNotes?: (deps: Deps, step: Step) => Promise<readonly { by: string; text: string }[]>;
  /**
   * A step that waits on more than its assignee (a cascade step waits for the unit's program to be
   * signed): pressing `action` runs `perform` and leaves the step open; the system completes the step
   * later (`completeStepBySystem`). Once `status` answers, the page shows it instead of the form.
   */
  readonly handOff?: {
    readonly action: string;
    readonly perform: (deps: Deps, step: Step, decision: Decision) => Promise<void>;
    readonly status: (deps: Deps, step: Step) => Promise<SafeHtml | undefined>;
  };
  /** What a view-only link to a step of this kind shows (default: the subject's late steps), e.g. a cascade's table. */
  readonly observerSection?: (deps: Deps, step: Step) => Promise<SafeHtml>;
  /**
   * Who the second rung tells besides the assignee's superior: `office` (default), the lead
   * organisation's parent's mailbox; `watcher`, the subject's lead focal point, e.g. the parent
   * program's for a cascade step, the level above the late unit.
   */
  readonly upperLevel?: 'office' | 'watcher';
  /** `own`: late steps of this kind stay out of the weekly digest of late steps; their stage sends its own. */
  readonly weeklyDigest?: 'own';
  /** The choices of selects that depend on the step (e.g. the program's parties), by field path (`tasks.responsibleOrganizationId`). */
  readonly choices?: (deps: Deps, step: Step) => Promise<Readonly<Record<string, readonly Choice[]>>>;
  /**
   * Checks that need the subject, run after the form parsed and before anything is written (a date
   * inside the plan's year, a figure lower than last period's): errors by field id, shown beside the fields.
   */
  readonly checkFields?: (deps: Deps, step: Step, fields: Record<string, unknown>, action: string) => Promise<Readonly<Record<string, string>>>;
}

/** How each form field is shown, by its schema (a registry of its own: the fields' meta is no one else's). */
const fieldRegistry = z.registry<FieldMeta>();

/** A field of a kind's form: its zod schema is registered with how it is shown. */
export const field = <S extends z.ZodMiniType>(schema: S, meta: FieldMeta): S => {
  fieldRegistry.add(schema, { ...meta });
  return schema;
};

export const fieldMeta = (schema: z.ZodMiniType): FieldMeta | undefined => fieldRegistry.get(schema);

/** The title and sentence of a step of this kind, as emails and pages say them. */
export const wordingOf = (kind: StepKindDefinition, step: Pick<Step, 'stageId'>): { readonly title: string; readonly sentence: string } =>
  kind.wordingFor?.(step) ?? { title: kind.title, sentence: kind.sentence };

/**
 * The schema of a group's entries: each filled entry is checked; a blank one stays `null`, so
 * positions (and the errors a kind's `checkFields` finds) match the page. `filledEntries` drops them.
 */
export const groupEntries = <S extends z.ZodMiniType>(entry: S) => z.array(z.nullable(entry));

export const filledEntries = <T>(entries: readonly (T | null)[] | undefined): T[] => (entries ?? []).filter((entry): entry is T => entry !== null);

/** A form value arrives as text; empty means "not given". */
export const optionalText = (max: number) =>
  z.pipe(
    z.transform((value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)),
    z.optional(z.string().check(z.trim(), z.maxLength(max, `Không được dài quá ${max.toLocaleString('vi-VN')} ký tự.`))),
  );

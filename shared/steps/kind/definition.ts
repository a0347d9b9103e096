import * as z from 'zod/mini';
import type { Deps } from '#shared/deps.js';
import type { SafeHtml } from '#shared/html.js';
import type { TransactItem } from '#shared/store/table.js';
import type { Decision, Step } from '#shared/steps/model.js';
import type { StepKindBrief } from './brief.js';

export { type ActionSpec, type StepKindBrief, wordingOf } from './brief.js';

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

/** A kind as its page needs it: the brief (wording, actions, pacing) and the form, the document and what deciding writes. */
export interface StepKindDefinition extends StepKindBrief {
  /** The kind's own fields, each with `FieldMeta`; their parsed values travel with the decision as `fields`. */
  readonly form?: z.ZodMiniObject;
  /** Values the form starts from (before any draft), e.g. the current text being revised. */
  readonly initialValues?: (deps: Deps, step: Step) => Promise<FormValues>;
  /** What the page shows above the form, e.g. the document under review. */
  readonly document?: (deps: Deps, step: Step) => Promise<SafeHtml | ''>;
  /** Extra writes in the decision's transaction, e.g. a revision's new document version. */
  readonly decisionWrites?: (deps: Deps, step: Step, decision: Decision) => Promise<TransactItem[]>;
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

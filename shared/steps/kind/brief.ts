import type { Deps } from '#shared/deps.js';
import type { Step } from '#shared/steps/model.js';

/*
 * What a step kind says and how it is paced: all that opening a step, its emails, reminders and the
 * ladder need. It stays free of forms (zod) and page sections, so the functions that send emails do
 * not bundle every kind's page; the page side is `StepKindDefinition` in `kind.ts`.
 */

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

export interface StepKindBrief {
  /** Lower-case identifier, also in step ids and policies' `dueInDays`: `review_draft`, `sign`, … */
  readonly name: string;
  /** Names the kind went by before: steps and policies stored under them still find it. */
  readonly formerNames?: readonly string[];
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
  /** Extra lines in the request email, e.g. the comments a revision answers. */
  readonly requestNotes?: (deps: Deps, step: Step) => Promise<readonly { by: string; text: string }[]>;
  /**
   * Who the second rung tells besides the assignee's superior: `office` (default), the lead
   * organisation's parent's mailbox; `watcher`, the subject's lead focal point, e.g. the parent
   * program's for a cascade step, the level above the late unit.
   */
  readonly upperLevel?: 'office' | 'watcher';
  /** `own`: late steps of this kind stay out of the weekly digest of late steps; their stage sends its own. */
  readonly weeklyDigest?: 'own';
}

/** The title and sentence of a step of this kind, as emails and pages say them. */
export const wordingOf = (kind: StepKindBrief, step: Pick<Step, 'stageId'>): { readonly title: string; readonly sentence: string } =>
  kind.wordingFor?.(step) ?? { title: kind.title, sentence: kind.sentence };

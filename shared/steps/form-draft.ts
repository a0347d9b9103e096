import { nowMs } from '../clock.js';
import type { Deps } from '../deps.js';
import type { LinkClaims } from '../links/tokens.js';
import { mayAct } from './decide.js';
import type { Step } from './model.js';
import { getStep } from './queries.js';
import { setWhileOpen } from './write.js';

/**
 * What an official typed into a long form, saved from the same link to finish later. It lives on
 * the step item (so it goes when the step goes) and is never a decision: no audit event, no
 * status change, no task token completed.
 */
export interface FormDraft {
  readonly savedAt: string;
  readonly savedBy: string;
  readonly fields: FormDraftFields;
}

export interface FormDraftFields {
  readonly comment?: string;
  readonly contentItems?: readonly string[];
}

export type SaveDraftResult =
  | { readonly status: 'saved'; readonly step: Step; readonly draft: FormDraft }
  | { readonly status: 'not_open'; readonly step: Step }
  | { readonly status: 'invalid'; readonly step: Step; readonly errors: Readonly<Record<string, string>> }
  | { readonly status: 'not_allowed'; readonly step?: Step };

/** The same ceilings a decision has, so a draft can always be submitted as saved. */
const MAX_TEXT = 4000;
const MAX_ITEMS = 100;

export const formDraftOf = (step: Step): FormDraft | undefined => (step as Step & { formDraft?: FormDraft }).formDraft;

const checkDraft = (fields: FormDraftFields): Record<string, string> => {
  const errors: Record<string, string> = {};
  if ((fields.comment ?? '').length > MAX_TEXT) errors.comment = 'Ý kiến không được dài quá 4.000 ký tự.';
  const items = fields.contentItems ?? [];
  if (items.length > MAX_ITEMS) errors.contentItems = 'Số nội dung phối hợp vượt quá giới hạn.';
  items.forEach((text, index) => {
    if (text.length > MAX_TEXT) errors[`item-${index}`] = 'Mỗi nội dung không được dài quá 4.000 ký tự.';
  });
  return errors;
};

/**
 * Saves the typed fields on the step, conditional on the step still being open: a draft saved a
 * moment after someone decided is refused rather than written onto a closed step. Empty fields
 * are kept as typed (a draft need not be complete).
 */
export const saveFormDraft = async (deps: Deps, claims: LinkClaims, fields: FormDraftFields): Promise<SaveDraftResult> => {
  const { db } = deps;
  const step = await getStep(db, claims.programId, claims.stepId);
  if (!step || !mayAct(step, claims)) return { status: 'not_allowed', step };
  if (step.status !== 'open') return { status: 'not_open', step };
  const errors = checkDraft(fields);
  if (Object.keys(errors).length > 0) return { status: 'invalid', step, errors };
  const draft: FormDraft = {
    savedAt: new Date(nowMs()).toISOString(),
    savedBy: claims.officialId,
    fields: JSON.parse(JSON.stringify({ comment: fields.comment, contentItems: fields.contentItems })),
  };
  if (!(await setWhileOpen(db, step, { formDraft: draft }))) {
    const now = await getStep(db, step.programId, step.stepId);
    return { status: 'not_open', step: now ?? step };
  }
  return { status: 'saved', step: { ...step, formDraft: draft } as Step, draft };
};

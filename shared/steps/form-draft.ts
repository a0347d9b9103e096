import type * as z from 'zod/mini';
import { nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import type { LinkClaims } from '#shared/links/tokens.js';
import { mayAct } from './decide.js';
import { checkSizes, type SubmittedForm } from './form-check.js';
import { fieldMeta, type StepKindDefinition, stepKind } from '#shared/steps/kind/index.js';
import { type FormDraft, type Step, subjectOf } from './model.js';
import { getStep } from './queries.js';
import { setWhileOpen } from '#shared/store/steps.js';

/** The names a kind's form posts: each field's, and `<group>.<field>` for every field of a group's entries. */
const postedNames = (kind: StepKindDefinition): Set<string> =>
  new Set(
    Object.entries(kind.form?.shape ?? {}).flatMap(([name, schema]) => {
      const meta = fieldMeta(schema as z.ZodMiniType);
      return meta?.widget === 'group' ? Object.keys(meta.entryFields ?? {}).map((field) => `${name}.${field}`) : [name];
    }),
  );

export type SaveDraftResult =
  | { readonly status: 'saved'; readonly step: Step; readonly draft: FormDraft }
  | { readonly status: 'not_open'; readonly step: Step }
  | { readonly status: 'invalid'; readonly step: Step; readonly errors: Readonly<Record<string, string>> }
  | { readonly status: 'not_allowed'; readonly step?: Step };

/**
 * What an official typed into a long form, saved from the same link to finish later, on the step
 * item (so it goes when the step goes); never a decision: no audit event, no status change. Checked
 * against the same ceilings as a decision, so a draft can always be submitted as saved; conditional
 * on the step still being open, so a draft a moment after someone decided is refused.
 */
export const saveFormDraft = async (deps: Deps, claims: LinkClaims, form: SubmittedForm, step?: Step): Promise<SaveDraftResult> => {
  step ??= await getStep(deps.db, claims.subject, claims.stepId);
  if (!step || !mayAct(step, claims)) return { status: 'not_allowed', step };
  if (step.status !== 'open') return { status: 'not_open', step };
  const kind = stepKind(step.kind);
  const errors = checkSizes(kind, form);
  if (Object.keys(errors).length > 0) return { status: 'invalid', step, errors };
  // Only the form's own fields are kept: anything else posted is no one's draft (and a name such as
  // "" cannot even be stored: DynamoDB refuses an empty attribute name in a map).
  const names = postedNames(kind);
  const fields: Record<string, string | string[]> = Object.fromEntries(
    Object.entries(form.values)
      .filter(([name]) => names.has(name))
      .map(([name, value]) => [name, typeof value === 'string' ? value : [...value]]),
  );
  if (form.comment !== undefined) fields.comment = form.comment;
  const draft: FormDraft = { savedAt: new Date(nowMs()).toISOString(), savedBy: claims.officialId, fields };
  if (!(await setWhileOpen(deps.db, subjectOf(step), step.stepId, { formDraft: draft }))) {
    const now = await getStep(deps.db, subjectOf(step), step.stepId);
    return { status: 'not_open', step: now ?? step };
  }
  return { status: 'saved', step: { ...step, formDraft: draft }, draft };
};

import { NotFoundError } from '#shared/errors.js';
import type { StepKindBrief } from './brief.js';
import type { StepKindDefinition } from './definition.js';

/*
 * The registry of step kinds. The core names no kind: each stage registers its own (its folder's
 * `register.ts` the briefs, `pages.ts` the page side), and each function bundle is built with the
 * registrations it serves (infra/stages.ts). Briefs are what opening a step, its emails, reminders
 * and digests read; the whole kind, with its form and page section, is what pages and deciding read.
 * Both maps live here, but this module imports no kind and no form, so the functions that only
 * send emails bundle no page.
 */
const briefs = new Map<string, StepKindBrief>();
const definitions = new Map<string, StepKindDefinition>();
/** Names a kind went by before (a step stored under an old name still finds its kind). */
const formerNames = new Map<string, string>();

const rememberFormerNames = (kind: StepKindBrief): void => {
  for (const former of kind.formerNames ?? []) formerNames.set(former, kind.name);
};

/** Registers what a kind says and how it is paced; names are unique (its page side may come after). */
export const registerStepKindBrief = (brief: StepKindBrief): void => {
  const existing = briefs.get(brief.name);
  if (existing === brief || (existing && definitions.has(brief.name))) return;
  if (existing) throw new Error(`Step kind '${brief.name}' is already registered.`);
  briefs.set(brief.name, brief);
  rememberFormerNames(brief);
};

/** Registers a whole kind, which replaces its brief: the page side spreads the brief it extends. */
export const registerStepKind = (kind: StepKindDefinition): void => {
  const existing = definitions.get(kind.name);
  if (existing === kind) return;
  if (existing) throw new Error(`Step kind '${kind.name}' is already registered.`);
  definitions.set(kind.name, kind);
  briefs.set(kind.name, kind);
  rememberFormerNames(kind);
};

const lookUp = <T>(map: Map<string, T>, name: string, what: string): T => {
  const found = map.get(name) ?? map.get(formerNames.get(name) ?? '');
  if (!found) throw new NotFoundError(what, name);
  return found;
};

export const stepKindBrief = (name: string): StepKindBrief => lookUp(briefs, name, 'Step kind');

/** The whole kind: only in the functions built with the page side of its stage (see infra/stages.ts). */
export const stepKind = (name: string): StepKindDefinition => lookUp(definitions, name, 'Step kind (page side)');

export const isStepKind = (name: string): boolean => briefs.has(name) || formerNames.has(name);

/** The kinds registered in this process (or bundle): briefs, and those with their page side. */
export const registeredStepKinds = (): { readonly briefs: string[]; readonly pages: string[] } => ({
  briefs: [...briefs.keys()].sort(),
  pages: [...definitions.keys()].sort(),
});

export { type ActionSpec, type StepKindBrief, wordingOf } from './brief.js';

/*
 * The page side of step kinds: the registry and the form helpers a kind's page module uses. The
 * functions that only send emails import `registry.ts`, never this barrel.
 */
export { isStepKind, registeredStepKinds, registerStepKind, registerStepKindBrief, stepKind, stepKindBrief } from './registry.js';
export {
  type ActionSpec,
  type Choice,
  type EntryFieldMeta,
  field,
  type FieldMeta,
  fieldMeta,
  filledEntries,
  type FormValues,
  groupEntries,
  optionalText,
  type StepKindBrief,
  type StepKindDefinition,
  wordingOf,
} from './definition.js';

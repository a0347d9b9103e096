import { stepIdFor } from '#shared/steps/model.js';

/** A program's cascade: one stage instance, on its own state machine (workflows/stages/cascade.ts). */
export const CASCADE_STAGE = { kind: 'cascade', instance: '1', id: 'cascade-1' } as const;
/** The step kind that asks a unit's focal point to have the unit's program prepared and signed. */
export const PREPARE_PROGRAM = 'prepare_program';
/** The cascade has one round: every unit is asked once, and its step stays open until the unit's program is signed. */
export const CASCADE_ROUND = 1;

/** The id of a unit's cascade step under its parent program. */
export const cascadeStepId = (unitOrganizationId: string): string => stepIdFor(CASCADE_STAGE.id, PREPARE_PROGRAM, CASCADE_ROUND, unitOrganizationId);

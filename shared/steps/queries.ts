import { keys, type Store } from '../store.js';
import { type Step, stepItemToStep } from './model.js';

export interface PendingStepView {
  readonly programId: string;
  readonly stepId: string;
  readonly kind: Step['kind'];
  readonly openedAt: string;
  readonly dueAt: string;
  readonly remindersSent: number;
}

const view = (step: Step): PendingStepView => ({
  programId: step.programId,
  stepId: step.stepId,
  kind: step.kind,
  openedAt: step.openedAt,
  dueAt: step.dueAt,
  remindersSent: step.remindersSent,
});

/** Steps waiting on one official, oldest first (index `byPerson`, sparse: only open steps carry it). */
export const listPendingSteps = async (db: Store, officialId: string): Promise<PendingStepView[]> => {
  const items = await db.query({
    IndexName: 'byPerson',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': `PENDING#${officialId}` },
    ScanIndexForward: true,
  });
  return items.map(stepItemToStep).map(view);
};

export const getStep = async (db: Store, programId: string, stepId: string): Promise<Step | undefined> => {
  const item = await db.get(keys.step(programId, stepId));
  return item ? stepItemToStep(item) : undefined;
};

export const listSteps = async (db: Store, programId: string): Promise<Step[]> =>
  (await db.queryPartition(`PROGRAM#${programId}`, 'STEP#')).map(stepItemToStep);

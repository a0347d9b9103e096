import { collections, keys, pendingIndexKeys, type Store } from '#shared/store/table.js';
import { type SubjectRef, subjectPartition } from '#shared/subject-ref.js';
import { type Step, stepFromItem } from './model.js';

export interface PendingStepView {
  readonly subjectType: Step['subjectType'];
  readonly subjectId: string;
  /** The program the step belongs to, when its subject is a program (kept for clients of the first release). */
  readonly programId?: string;
  readonly stageId: string;
  readonly stepId: string;
  readonly kind: string;
  readonly openedAt: string;
  readonly dueAt: string;
  readonly remindersSent: number;
}

const view = (step: Step): PendingStepView => ({
  subjectType: step.subjectType,
  subjectId: step.subjectId,
  programId: step.subjectType === 'program' ? step.subjectId : undefined,
  stageId: step.stageId,
  stepId: step.stepId,
  kind: step.kind,
  openedAt: step.openedAt,
  dueAt: step.dueAt,
  remindersSent: step.remindersSent,
});

/** Steps waiting on one official, oldest first (index `byPerson`, sparse: only open steps carry it). */
export const listOpenStepsOf = async (db: Store, officialId: string): Promise<Step[]> =>
  (
    await db.query({
      IndexName: 'byPerson',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': pendingIndexKeys(officialId, '').gsi1pk },
      ScanIndexForward: true,
    })
  ).map(stepFromItem);

export const listPendingSteps = async (db: Store, officialId: string): Promise<PendingStepView[]> =>
  (await listOpenStepsOf(db, officialId)).map(view);

export const getStep = async (db: Store, subject: SubjectRef, stepId: string): Promise<Step | undefined> => {
  const item = await db.get(keys.step(subject, stepId));
  return item ? stepFromItem(item) : undefined;
};

/** Every step of a subject, across its stages. */
export const listSteps = async (db: Store, subject: SubjectRef): Promise<Step[]> =>
  (await db.queryPartition(subjectPartition(subject), collections.step)).map(stepFromItem);

/** The steps of one stage (steps of the first release belong to the co-sign stage `cosign-1`). */
export const listStageSteps = async (db: Store, subject: SubjectRef, stageId: string): Promise<Step[]> =>
  (await listSteps(db, subject)).filter((step) => step.stageId === stageId);

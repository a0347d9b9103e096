import { listOpenStepsOf, type Step } from '#shared/store/steps.js';
import type { Store } from '#shared/store/table.js';

export { getStep, listOpenStepsOf, listStageSteps, listSteps } from '#shared/store/steps.js';

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

export const listPendingSteps = async (db: Store, officialId: string): Promise<PendingStepView[]> =>
  (await listOpenStepsOf(db, officialId)).map(view);

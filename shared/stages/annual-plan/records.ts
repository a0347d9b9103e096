/** The stage kind of an annual plan; its instance is the year (`annual_plan-2023`). */
export const PLAN_STAGE_KIND = 'annual_plan';

export const planStageId = (year: number): string => `${PLAN_STAGE_KIND}-${year}`;

/** The year of a plan's stage, from its id. */
export const yearOfPlanStage = (stageId: string): number => {
  const year = Number(stageId.slice(PLAN_STAGE_KIND.length + 1));
  if (!stageId.startsWith(`${PLAN_STAGE_KIND}-`) || !Number.isInteger(year)) throw new Error(`'${stageId}' is not an annual plan's stage.`);
  return year;
};

export { getPlan, listPlans, type PlanRecord, type PlanTask, planTaskSchema } from '#shared/store/plans.js';

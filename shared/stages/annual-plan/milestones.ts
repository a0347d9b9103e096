import { DAY_MS, vietnamDate, vietnamDayAt } from '#shared/clock.js';
import type { Program } from '#shared/programs/model.js';
import type { Milestone } from '#shared/stages/lifecycle/registry.js';

/**
 * Each year's plan: the first one a month after signing, at the earliest mid-January of the first
 * year; the others on 1 December before their year. A program signed late into its period (a
 * district's, months after the province's) gets none already past, which no tick would ever reach:
 * its first plan covers every year up to the one it falls due in, and none falls due after the period.
 */
export const planMilestones = (program: Pick<Program, 'period'>, signedMs: number): Milestone[] => {
  const { startYear, endYear } = program.period;
  const firstPlanDue = vietnamDate(Math.max(signedMs + 30 * DAY_MS, vietnamDayAt(`${startYear}-01-15`, 8)));
  // A plan falling due after the period's last day would plan nothing: a program signed that late has none.
  if (firstPlanDue > `${endYear}-12-31`) return [];
  const coveredByFirstPlan = Number(firstPlanDue.slice(0, 4));
  const milestones: Milestone[] = [{ kind: `annual_plan_${startYear}`, dueDate: firstPlanDue, year: startYear }];
  for (let year = Math.max(startYear + 1, coveredByFirstPlan + 1); year <= endYear; year += 1) {
    milestones.push({ kind: `annual_plan_${year}`, dueDate: `${year - 1}-12-01`, year });
  }
  return milestones;
};

/** `annual_plan_2027` starts the plan of 2027. */
export const planOfMilestone = (milestoneKind: string): string | undefined => /^annual_plan_(\d{4})$/.exec(milestoneKind)?.[1];

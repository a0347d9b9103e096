import { DAY_MS, vietnamDate } from '#shared/clock.js';
import type { Program } from '#shared/programs/model.js';
import type { Milestone } from '#shared/stages/lifecycle/registry.js';

/**
 * Each year's review but the last (15 December), a mid-term review (30 June of the middle year, in
 * a program of three years or more) and the final one (30 November of the last year). Reviews whose
 * day passed before the signing are left out (their months go into the next review), and a final
 * review already past falls due a month after the signing.
 */
export const reviewMilestones = (program: Pick<Program, 'period'>, signedMs: number): Milestone[] => {
  const { startYear, endYear } = program.period;
  const signedDay = vietnamDate(signedMs);
  const milestones: Milestone[] = [];
  for (let year = startYear; year < endYear; year += 1) {
    if (`${year}-12-15` >= signedDay) milestones.push({ kind: `annual_review_${year}`, dueDate: `${year}-12-15`, year });
  }
  const midYear = startYear + Math.floor((endYear - startYear) / 2);
  if (endYear - startYear >= 2 && `${midYear}-06-30` >= signedDay) milestones.push({ kind: 'mid_term_review', dueDate: `${midYear}-06-30`, year: midYear });
  const finalDue = `${endYear}-11-30`;
  milestones.push({ kind: 'final_review', dueDate: finalDue < signedDay ? vietnamDate(signedMs + 30 * DAY_MS) : finalDue, year: endYear });
  return milestones;
};

/** The review instance a milestone starts: `annual_2022`, `mid_term` or `final`. */
export const reviewOfMilestone = (milestoneKind: string): string | undefined => {
  const annual = /^annual_review_(\d{4})$/.exec(milestoneKind);
  if (annual) return `annual_${annual[1]}`;
  return { mid_term_review: 'mid_term', final_review: 'final' }[milestoneKind];
};

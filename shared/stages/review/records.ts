import type { Program } from '#shared/programs/model.js';

/** The stage kind of every review; its instance is the review's id (`annual_2022`, `mid_term`, `final`). */
export const REVIEW_STAGE_KIND = 'review';

export const reviewStageId = (reviewId: string): string => `${REVIEW_STAGE_KIND}-${reviewId}`;

export const reviewIdOfStage = (stageId: string): string => {
  if (!stageId.startsWith(`${REVIEW_STAGE_KIND}-`)) throw new Error(`'${stageId}' is not a review's stage.`);
  return stageId.slice(REVIEW_STAGE_KIND.length + 1);
};

/** How a step's email names its review, from the stage id alone: "tổng kết năm 2023", "sơ kết giữa kỳ", "tổng kết giai đoạn". */
export const reviewWords = (stageId: string): string => {
  const annual = /^annual_(\d{4})$/.exec(reviewIdOfStage(stageId));
  if (annual) return `tổng kết năm ${annual[1]}`;
  return reviewIdOfStage(stageId) === 'mid_term' ? 'sơ kết giữa kỳ' : 'tổng kết giai đoạn';
};

/** What a review covers: its scope, and the years (an annual review one year, the others from the start of the period). */
export const reviewFacts = (reviewId: string, program: Pick<Program, 'period'>) => {
  const annual = /^annual_(\d{4})$/.exec(reviewId);
  if (annual) return { scope: 'annual' as const, year: Number(annual[1]), from: Number(annual[1]), to: Number(annual[1]) };
  const { startYear, endYear } = program.period;
  if (reviewId === 'mid_term') return { scope: 'mid_term' as const, from: startYear, to: startYear + Math.floor((endYear - startYear) / 2) };
  if (reviewId === 'final') return { scope: 'final' as const, from: startYear, to: endYear };
  throw new Error(`'${reviewId}' is not a review of a program.`);
};

/**
 * The years a period counts as Vietnamese documents say them: 2022–2026 is five years (each year
 * counted), but a period written from term to term, sharing its last year with the next one
 * (2016–2021, 2021–2026, 2020–2030), counts the years between (five, ten): a whole number of
 * five-year terms is never six or eleven years.
 */
export const periodYears = (from: number, to: number): number => (to - from >= 5 && (to - from) % 5 === 0 ? to - from : to - from + 1);

/** How Vietnamese documents name the review. */
export const reviewTitle = (reviewId: string, program: Pick<Program, 'period'>): string => {
  const facts = reviewFacts(reviewId, program);
  if (facts.scope === 'annual') return `tổng kết công tác phối hợp năm ${facts.year}`;
  if (facts.scope === 'mid_term') return `sơ kết giữa nhiệm kỳ thực hiện Chương trình phối hợp (${facts.from}–${facts.to})`;
  return `tổng kết ${periodYears(facts.from, facts.to)} năm thực hiện Chương trình phối hợp giai đoạn ${facts.from}–${facts.to}`;
};

export {
  type Award,
  awardSchema,
  type Conference,
  getReview,
  listReviews,
  type PartyReport,
  requireReview,
  type ReviewOutcome,
  type ReviewRecord,
  type ReviewScope,
  reviewScopes,
} from '#shared/store/reviews.js';

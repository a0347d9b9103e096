import type { Deps } from '#shared/deps.js';
import { getProgramRecord } from '#shared/store/programs.js';
import { decisionOf } from '#shared/stages/lifecycle/bookkeeping.js';
import { listStageSteps } from '#shared/steps/queries.js';
import { programSubject } from '#shared/subject-ref.js';
import { figuresCsv } from './figures.js';
import { listReviews, requireReview, type ReviewRecord, reviewStageId, reviewTitle } from './records.js';

/** What staff see of a conference: never whom the system has emailed which sequence. */
const publicConference = (conference: ReviewRecord['conference']) => {
  if (!conference) return undefined;
  const { invitesSent: _sent, stepId: _stepId, ...rest } = conference;
  return rest;
};

/** `GET /v1/programs/{id}/reviews`: every review started so far, oldest first. */
export const listReviewViews = async (deps: Deps, programId: string) => {
  const program = await getProgramRecord(deps.db, programId);
  const reviews = await listReviews(deps.db, programId);
  return reviews
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((review) => ({
      reviewId: review.reviewId,
      title: reviewTitle(review.reviewId, program),
      scope: review.scope,
      year: review.year,
      periodFrom: review.periodFrom,
      periodTo: review.periodTo,
      status: review.status,
      conference: publicConference(review.conference),
      totals: review.totals,
      awards: review.outcome?.awards.length ?? 0,
      approvedAt: review.approvedAt,
      renewalProgramId: review.renewalProgramId,
    }));
};

/** `GET /v1/programs/{id}/reviews/{reviewId}`: reports with figures, the conference, totals, outcome, awards, every decision. */
export const getReviewView = async (deps: Deps, programId: string, reviewId: string) => {
  const program = await getProgramRecord(deps.db, programId);
  const review = await requireReview(deps.db, programId, reviewId);
  const steps = await listStageSteps(deps.db, programSubject(programId), reviewStageId(reviewId));
  const { lock: _lock, conference, ...rest } = review;
  return {
    ...rest,
    title: reviewTitle(reviewId, program),
    conference: publicConference(conference),
    awards: review.outcome?.awards ?? [],
    decisions: steps.filter((step) => step.status === 'decided').map(decisionOf),
    openSteps: steps.filter((step) => step.status === 'open').map(decisionOf),
  };
};

/** `GET …/reviews/{reviewId}/figures.csv`. */
export const getReviewCsv = async (deps: Deps, programId: string, reviewId: string) => {
  const program = await getProgramRecord(deps.db, programId);
  return figuresCsv(deps, program, await requireReview(deps.db, programId, reviewId));
};

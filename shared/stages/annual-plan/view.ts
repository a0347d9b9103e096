import * as z from 'zod/mini';
import type { Deps } from '#shared/deps.js';
import { NotFoundError } from '#shared/errors.js';
import { getProgramRecord } from '#shared/store/programs.js';
import { decisionOf } from '#shared/stages/lifecycle/bookkeeping.js';
import { listStageSteps } from '#shared/steps/queries.js';
import { programSubject } from '#shared/subject-ref.js';
import { parseInput } from '#shared/validation.js';
import { getPlan, planStageId } from './records.js';

const yearParam = z.coerce
  .number({ error: 'must be a year' })
  .check(z.refine(Number.isInteger, 'must be a whole year'), z.gte(1945, 'must be 1945 or later'), z.lte(2100, 'must be 2100 or earlier'));

/** `GET /v1/programs/{id}/plans/{year}`: the year's plan (tasks, status, signatures) and every decision on it. */
export const getPlanView = async (deps: Deps, programId: string, yearText: string) => {
  const year = parseInput(z.object({ year: yearParam }), { year: yearText }, 'year').year;
  await getProgramRecord(deps.db, programId);
  const plan = await getPlan(deps.db, programId, year);
  if (!plan) throw new NotFoundError('Plan', `${programId}/${year}`);
  const steps = await listStageSteps(deps.db, programSubject(programId), planStageId(year));
  const { lock: _lock, ...rest } = plan;
  return {
    ...rest,
    decisions: steps.filter((step) => step.status === 'decided').map(decisionOf),
    openSteps: steps.filter((step) => step.status === 'open').map(decisionOf),
  };
};

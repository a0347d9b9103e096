import * as z from 'zod/mini';
import { workingCalendar } from '#shared/calendar/working-days.js';
import { nowMs, vietnamDate } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors.js';
import { fanOut } from '#shared/fan-out.js';
import { logger } from '#shared/observability.js';
import { getProgramRecord } from '#shared/store/programs.js';
import { findMilestone, linkStageWrite, listDueMilestoneItems, milestoneFromItem, type MilestoneItem, moveWrite } from '#shared/store/milestones.js';
import { isConditionFailure, withoutKeys } from '#shared/store/table.js';
import { programSubject } from '#shared/subject-ref.js';
import { TICK_CONCURRENCY, type TickBudget, throwForTickRetry } from '#shared/tick-budget.js';
import { parseInput } from '#shared/validation.js';
import { executionNameFor, startStage } from './executions.js';
import { getStageRecord, stageIdOf } from '#shared/store/stages.js';
import { stageForMilestone } from './registry.js';

export { stageForMilestone } from './registry.js';

/**
 * The daily tick's second half: every milestone due on `date` (one query of index `byDueDate`)
 * starts its stage, once. The stage record and the milestone's link to it are written together
 * only if the record is absent, and the execution's name is deterministic, so a tick run twice, or
 * retried after a crash between the write and the start, starts nothing twice; a stage already
 * resumed under another name, or finished, is left alone. Only an active program's stages start.
 */
export const startDueStages = async (deps: Deps, date: string, budget: TickBudget = {}) => {
  const due = await listDueMilestoneItems(deps.db, date);
  const started: string[] = [];
  const result = await fanOut(due, { concurrency: TICK_CONCURRENCY, timeLeftMs: budget.timeLeftMs }, async (item) => {
    const stage = await startDueStage(deps, milestoneFromItem(item));
    if (stage) started.push(stage);
  });
  // One program's trouble does not hold back the others; the tick fails at the end and is retried.
  throwForTickRetry('due stages to start', due.length, result, (item) => String(item.sk));
  return { date, stagesStarted: started };
};

/** Starts one milestone's stage unless it has nothing to start; answers `<programId>/<stageId>` when it started one. */
const startDueStage = async (deps: Deps, milestone: MilestoneItem): Promise<string | undefined> => {
  const target = stageForMilestone(milestone.kind);
  if (!target || milestone.status === 'scheduled') return undefined;
  const program = await getProgramRecord(deps.db, milestone.programId);
  if (program.status !== 'active') {
    logger.info('Milestone of a program that is not active: no stage started', { programId: program.id, milestone: milestone.kind, status: program.status });
    return undefined;
  }
  const subject = programSubject(program.id);
  const stageId = stageIdOf(target.stageKind, target.instance);
  const existing = await getStageRecord(deps.db, subject, stageId);
  if (existing && (existing.status !== 'running' || existing.execution !== executionNameFor(subject, stageId))) return undefined;
  const linkMilestone = linkStageWrite(deps.db, milestone, stageId);
  const result = await startStage(deps, subject, target.stageKind, target.instance, existing ? [] : [linkMilestone], existing);
  return result.started ? `${program.id}/${stageId}` : undefined;
};

const moveInput = z.strictObject({ dueDate: z.iso.date({ error: 'must be a day as YYYY-MM-DD' }) });

/**
 * Staff move a milestone of one program to another day (a plan due earlier, a review held later):
 * only while it is still scheduled, to a working day after today within the program's period. The milestone's day and its
 * index keys (what the daily tick reads) change together, on condition that nobody moved or
 * opened it meanwhile; its key keeps the day it was first written with.
 */
export const moveMilestone = async (deps: Deps, programId: string, kind: string, body: unknown) => {
  const { dueDate } = parseInput(moveInput, body, 'milestone change');
  const { period } = await getProgramRecord(deps.db, programId);
  const milestone = await findMilestone(deps.db, programId, kind);
  if (!milestone) throw new NotFoundError('Milestone', `${programId}/${kind}`);
  if (milestone.status !== 'scheduled')
    throw new ConflictError(`The milestone ${kind} of '${programId}' is ${milestone.status}; only a scheduled milestone can be moved.`);
  const today = vietnamDate(nowMs());
  if (dueDate <= today) throw new ValidationError(`The new day must be after today (${today}).`, [{ path: 'dueDate', message: `must be after ${today}` }]);
  // A milestone belongs to its program's period: a plan or review of 2022–2026 is not held in 2040.
  const [first, last] = [`${period.startYear}-01-01`, `${period.endYear}-12-31`];
  if (dueDate < first || dueDate > last) {
    throw new ValidationError(`The new day must fall within the program's period (${first} to ${last}).`, [
      { path: 'dueDate', message: `must be within the program's period, ${first} to ${last}` },
    ]);
  }
  const calendar = workingCalendar();
  if (!calendar.isWorkingDay(dueDate)) {
    const next = calendar.addWorkingDays(dueDate, 0);
    throw new ValidationError(`${dueDate} is not a working day; the next working day is ${next}.`, [
      { path: 'dueDate', message: `is not a working day (next: ${next})` },
    ]);
  }
  try {
    await deps.db.transact([
      moveWrite(deps.db, milestone, dueDate),
      deps.db.auditEvent(programSubject(programId), { kind: 'milestone_moved', detail: { milestone: kind, from: milestone.dueDate, to: dueDate } }),
    ]);
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError(`The milestone ${kind} of '${programId}' was moved or fell due just now; read it again.`);
    throw error;
  }
  return { ...withoutKeys(milestone), dueDate, previousDueDate: milestone.dueDate };
};

import { workingCalendar } from '#shared/calendar/working-days.js';
import type { Deps } from '#shared/deps.js';
import { lifecycleMilestones } from '#shared/stages/lifecycle/milestones.js';
import type { Program } from '#shared/programs/model.js';
import { listMilestoneItems, putMilestones } from '#shared/store/milestones.js';

/**
 * Writes the milestones of a newly active program in batches, each indexed by the day it falls due
 * for the daily tick. A retry writes only those missing, so a milestone already marked due stays so;
 * `noneWrittenYet` (a bulk load that knows none exists) skips that read.
 */
export const writeMilestones = async (deps: Deps, program: Program, signedMs: number, { noneWrittenYet = false } = {}): Promise<number> => {
  const milestones = lifecycleMilestones(program, signedMs, workingCalendar());
  const existing = new Set(
    noneWrittenYet ? [] : (await listMilestoneItems(deps.db, program.id)).map((item) => String(item.kind)),
  );
  await putMilestones(
    deps.db,
    program.id,
    milestones.filter((milestone) => !existing.has(milestone.kind)),
  );
  return milestones.length;
};

import { workingCalendar } from '#shared/calendar/working-days.js';
import type { Deps } from '#shared/deps.js';
import { lifecycleMilestones } from '#shared/stages/lifecycle/milestones.js';
import type { Program } from '#shared/programs/model.js';
import { collections, dueDateIndexKeys, keys } from '#shared/store/table.js';

/**
 * Writes the milestones of a newly active program in batches, each indexed by the day it falls due
 * for the daily tick. A retry writes only those missing, so a milestone already marked due stays so;
 * `noneWrittenYet` (a bulk load that knows none exists) skips that read.
 */
export const writeMilestones = async (deps: Deps, program: Program, signedMs: number, { noneWrittenYet = false } = {}): Promise<number> => {
  const milestones = lifecycleMilestones(program, signedMs, workingCalendar());
  const existing = new Set(
    noneWrittenYet ? [] : (await deps.db.queryPartition(keys.program(program.id).pk, collections.milestone)).map((item) => String(item.kind)),
  );
  await deps.db.batchPut(
    milestones
      .filter((milestone) => !existing.has(milestone.kind))
      .map((milestone) =>
        JSON.parse(
          JSON.stringify({
            ...keys.milestone(program.id, milestone.dueDate, milestone.kind),
            ...dueDateIndexKeys(milestone.dueDate, program.id, milestone.kind),
            type: 'milestone',
            programId: program.id,
            ...milestone,
            status: 'scheduled',
          }),
        ),
      ),
  );
  return milestones.length;
};

import * as z from 'zod/mini';
import { type Deps, defaultDeps } from '#shared/deps.js';
import { workflowTask } from '#shared/task.js';
import { parseInput } from '#shared/validation.js';

/** One bookkeeping operation of a program's stage: `(deps, programId, stageId)`; `whereToResume` also gets the asking execution. */
type Operation = (deps: Deps, programId: string, stageId: string, execution?: string) => Promise<unknown>;

/**
 * The Lambda handler of a program stage's bookkeeping tasks, whose input is what `stageParts`'
 * `stageTask` sends: `{ operation, programId, stageId }`, and for `whereToResume` the execution
 * asking (`$$.Execution.Name`: any but the stage's recorded one stops). Stages whose tasks carry
 * more (a decision, a step id) parse their own input.
 */
export const programStageTask = <Name extends string>(what: string, operations: Record<Name, Operation>) => {
  const input = z.object({
    operation: z.enum(Object.keys(operations) as [Name, ...Name[]]),
    programId: z.string().check(z.minLength(1)),
    stageId: z.string().check(z.minLength(1)),
    execution: z.optional(z.string()),
  });
  return workflowTask(async (event) => {
    const { operation, programId, stageId, execution } = parseInput(input, event, `${what} input`);
    return operations[operation](defaultDeps(), programId, stageId, execution);
  });
};

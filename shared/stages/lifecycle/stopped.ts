import * as z from 'zod/mini';
import type { Deps } from '#shared/deps.js';
import { getStageRecord } from '#shared/store/stages.js';
import { recordEventOnce } from '#shared/store/audit.js';
import { subjectTypes } from '#shared/subject-ref.js';
import { parseInput } from '#shared/validation.js';

/** EventBridge's "Step Functions Execution Status Change" event, as far as the trail needs it. */
const statusChange = z.object({
  detail: z.object({
    name: z.string().check(z.minLength(1)),
    status: z.enum(['FAILED', 'TIMED_OUT', 'ABORTED']),
    input: z.nullish(z.string()),
    error: z.nullish(z.string()),
    cause: z.nullish(z.string()),
    stopDate: z.nullish(z.number()),
  }),
});

/** What every stage execution receives (`stageInput` in executions.ts). */
const stageExecutionInput = z.object({
  subjectType: z.enum(subjectTypes),
  subjectId: z.string().check(z.minLength(1)),
  stageId: z.string().check(z.minLength(1)),
});

export const STAGE_STOPPED_RUNBOOK = 'docs/operations.md, "A stage execution failed or timed out"';

/**
 * Puts a stage execution that failed, timed out or was stopped on its subject's trail, saying what
 * stopped it and where the operator's runbook is (the execution alarm has fired by then). Written
 * once per execution, though EventBridge may deliver the event twice.
 */
export const recordStageStopped = async (deps: Deps, event: unknown): Promise<{ recorded: boolean }> => {
  const { detail } = parseInput(statusChange, event, 'execution status change');
  let input: unknown;
  try {
    input = JSON.parse(detail.input ?? '');
  } catch {
    return { recorded: false };
  }
  const stage = stageExecutionInput.safeParse(input);
  // Not a stage execution (every stage machine is given this input): nothing to put on a trail.
  if (!stage.success) return { recorded: false };
  const { subjectType, subjectId, stageId } = stage.data;
  // Stopped because its subject ended (ending.ts marked the stage ended first and put that on the trail): no failure.
  if (detail.status === 'ABORTED' && (await getStageRecord(deps.db, { type: subjectType, id: subjectId }, stageId))?.status === 'cancelled') {
    return { recorded: false };
  }
  const at = new Date(detail.stopDate ?? Date.now()).toISOString();
  await recordEventOnce(deps.db, { type: subjectType, id: subjectId }, {
    at,
    id: `stopped-${detail.name}`,
    kind: 'stage_stopped',
    detail: {
      stageId,
      execution: detail.name,
      status: detail.status,
      error: detail.error,
      cause: detail.cause?.slice(0, 500),
      runbook: STAGE_STOPPED_RUNBOOK,
    },
  });
  return { recorded: true };
};

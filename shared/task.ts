import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger, publishRecordedMetrics, traceHandler } from './observability.js';
import { store } from '#shared/store/table.js';
import { type SubjectRef, subjectTypes } from './subject-ref.js';

const taskSubject = (event: unknown): SubjectRef | undefined => {
  const fields = (event ?? {}) as { subjectType?: unknown; subjectId?: unknown; programId?: unknown };
  const type = subjectTypes.find((known) => known === (fields.subjectType ?? 'program'));
  const id = fields.subjectId ?? fields.programId;
  return type && typeof id === 'string' && id !== '' ? { type, id } : undefined;
};

/**
 * Puts a failed task on its subject's trail: Step Functions retries it (every task is idempotent),
 * and if it keeps failing the stage stops with the execution alarm, the trail saying which task
 * failed and why. Best effort: when DynamoDB itself is what fails, the log and the alarm remain.
 */
const recordTaskFailure = async (event: unknown, functionName: string, error: unknown) => {
  const subject = taskSubject(event);
  if (!subject) return;
  const { stepId, stageId, operation } = event as { stepId?: string; stageId?: string; operation?: string };
  const failure = error instanceof Error ? error : new Error(String(error));
  try {
    await store().recordEvent(subject, {
      kind: 'task_failed',
      stepId,
      detail: JSON.parse(JSON.stringify({ task: functionName, operation, stageId, error: failure.name, message: failure.message.slice(0, 300) })),
    });
  } catch (recordError) {
    logger.warn('The task failure could not be put on the trail', { error: recordError as Error });
  }
};

/**
 * Wraps a workflow task: structured logs, metrics and traces. Errors propagate so Step Functions
 * sees them (and its Retry/Catch decide), after being logged once here and put on the trail.
 */
export const workflowTask = <R>(handler: (event: unknown, context: Context) => Promise<R>) =>
  middy<unknown, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(traceHandler())
    .use(publishRecordedMetrics())
    .use({
      onError: async (request) => {
        logger.error('Workflow task failed', { error: request.error as Error });
        await recordTaskFailure(request.event, request.context.functionName, request.error);
      },
    })
    .handler(handler);

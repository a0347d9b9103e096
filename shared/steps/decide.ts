import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { nowMs } from '../clock.js';
import type { Deps } from '../deps.js';
import type { LinkClaims, StepAction } from '../links/tokens.js';
import { logger } from '../observability.js';
import type { ContentItem } from '../programs/model.js';
import { getProgramRecord, programChange } from '../programs/records.js';
import { isConditionFailure, keys, type TransactItem } from '../store.js';
import { actionOutcome, actionsFor, commentRequired, type Decision, type Step } from './model.js';
import { getStep } from './queries.js';

export interface DecisionForm {
  readonly action?: string;
  readonly comment?: string;
  /** For a revision: the revised text of each content item, by position. */
  readonly contentItems?: readonly string[];
}

export type DecideResult =
  | { readonly status: 'recorded'; readonly step: Step; readonly decision: Decision }
  | { readonly status: 'already_decided'; readonly step: Step; readonly decision: Decision }
  | { readonly status: 'closed'; readonly step: Step }
  | { readonly status: 'invalid'; readonly step: Step; readonly errors: Readonly<Record<string, string>> }
  | { readonly status: 'not_allowed'; readonly step?: Step };

/** The checks on a decision before anything is written; the field errors are shown beside the fields. */
export const checkDecision = (step: Step, claims: LinkClaims, form: DecisionForm): Record<string, string> => {
  const errors: Record<string, string> = {};
  const action = form.action as StepAction | undefined;
  if (!action || !claims.actions.includes(action) || !actionsFor[step.kind].includes(action)) {
    errors.action = 'Vui lòng chọn một trong các thao tác được đề nghị.';
    return errors;
  }
  if (commentRequired.has(action) && !(form.comment ?? '').trim()) {
    errors.comment = action === 'return' ? 'Vui lòng nêu ý kiến góp ý khi trả lại dự thảo.' : 'Vui lòng nêu lý do từ chối ký.';
  }
  if ((form.comment ?? '').length > 4000) errors.comment = 'Ý kiến không được dài quá 4.000 ký tự.';
  if (action === 'resubmit' && form.contentItems?.some((text) => !text.trim())) {
    errors.contentItems = 'Mỗi nội dung phối hợp cần có nội dung; không để trống.';
  }
  return errors;
};

export const mayAct = (step: Step, claims: LinkClaims): boolean =>
  claims.stepId === step.stepId &&
  claims.programId === step.programId &&
  (claims.onBehalfOf ? claims.onBehalfOf === step.assigneeId : claims.officialId === step.assigneeId);

/**
 * Records a decision exactly once: the write is conditional on the step still being open, so a
 * double POST or a second link finds the first decision. After the write, whatever task token the
 * step holds is completed; if that token has gone stale, the next wait finds the decision itself.
 */
export const decide = async (deps: Deps, claims: LinkClaims, form: DecisionForm): Promise<DecideResult> => {
  const { db } = deps;
  const step = await getStep(db, claims.programId, claims.stepId);
  if (!step || !mayAct(step, claims)) return { status: 'not_allowed', step };
  if (step.status === 'decided' && step.decision) return { status: 'already_decided', step, decision: step.decision };
  if (step.status !== 'open') return { status: 'closed', step };
  const errors = checkDecision(step, claims, form);
  if (Object.keys(errors).length > 0) return { status: 'invalid', step, errors };

  const action = form.action as StepAction;
  const comment = form.comment?.trim() || undefined;
  const decision: Decision = {
    outcome: actionOutcome[action],
    action,
    decidedBy: claims.officialId,
    onBehalfOf: claims.onBehalfOf,
    capacity: claims.onBehalfOf ? (step.kind === 'sign' ? 'KT.' : 'TUQ.') : undefined,
    comment,
    at: new Date(nowMs()).toISOString(),
  };
  const writes: TransactItem[] = [
    {
      Update: {
        TableName: db.tableName,
        Key: keys.step(step.programId, step.stepId),
        UpdateExpression: 'SET #status = :decided, decision = :decision REMOVE gsi1pk, gsi1sk',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':decided': 'decided', ':open': 'open', ':decision': JSON.parse(JSON.stringify(decision)) },
      },
    },
    db.auditEvent(step.programId, {
      kind: 'decision',
      stepId: step.stepId,
      actorId: claims.officialId,
      comment,
      detail: JSON.parse(JSON.stringify({ outcome: decision.outcome, onBehalfOf: decision.onBehalfOf, capacity: decision.capacity })),
    }),
  ];
  if (action === 'resubmit') writes.push(...(await revisionWrites(deps, step, claims.officialId, form, comment)));
  try {
    await db.transact(writes);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const now = await getStep(db, step.programId, step.stepId);
    if (now?.status === 'decided' && now.decision) return { status: 'already_decided', step: now, decision: now.decision };
    if (now && now.status !== 'open') return { status: 'closed', step: now };
    throw error;
  }
  await completeWait(deps, step);
  return { status: 'recorded', step: { ...step, status: 'decided', decision }, decision };
};

const completeWait = async (deps: Deps, step: Step) => {
  const decided = await getStep(deps.db, step.programId, step.stepId);
  if (!decided?.taskToken || !decided.decision) return;
  try {
    await deps.sfn.send(new SendTaskSuccessCommand({ taskToken: decided.taskToken, output: JSON.stringify(decided.decision) }));
  } catch (error) {
    // A stale token (timed out into a reminder) is expected: the next wait sees the decision and completes.
    logger.info('Task token not accepted; the next wait will complete the step', { stepId: step.stepId, error: (error as Error).name });
  }
};

const revisionWrites = async (deps: Deps, step: Step, officialId: string, form: DecisionForm, note?: string): Promise<TransactItem[]> => {
  const program = await getProgramRecord(deps.db, step.programId);
  const contentItems: ContentItem[] = program.contentItems.map((item, index) => ({
    ...item,
    text: form.contentItems?.[index]?.trim() || item.text,
  }));
  const version = program.documentVersion + 1;
  const at = new Date(nowMs()).toISOString();
  return [
    programChange(deps.db, program, { documentVersion: version, contentItems }),
    {
      Put: {
        TableName: deps.db.tableName,
        Item: JSON.parse(
          JSON.stringify({
            ...keys.programVersion(program.id, version),
            type: 'version',
            version,
            title: program.title,
            contentItems,
            objectives: program.objectives,
            createdAt: at,
            createdBy: officialId,
            note,
          }),
        ),
      },
    },
  ];
};

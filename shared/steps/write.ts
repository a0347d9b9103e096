import { isConditionFailure, keys, type Store, type TransactItem } from '#shared/store/table.js';
import type { SubjectRef } from '#shared/subject-ref.js';
import type { Decision } from './model.js';

/**
 * Sets attributes on a step only while it is still open (and, with `once`, only if that attribute
 * is not set yet). Returns false when the condition did not hold: the caller lost a race with a
 * decision, a cancellation or its own retry, which every caller expects and handles.
 */
export const setWhileOpen = async (
  db: Store,
  subject: SubjectRef,
  stepId: string,
  values: Record<string, unknown>,
  options: { once?: string } = {},
): Promise<boolean> => {
  const names: Record<string, string> = { '#status': 'status' };
  const expressionValues: Record<string, unknown> = { ':open': 'open' };
  const sets = Object.entries(values).map(([name, value], index) => {
    names[`#v${index}`] = name;
    expressionValues[`:v${index}`] = value;
    return `#v${index} = :v${index}`;
  });
  if (options.once) names['#once'] = options.once;
  try {
    await db.update({
      Key: keys.step(subject, stepId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: options.once ? '#status = :open AND attribute_not_exists(#once)' : '#status = :open',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: expressionValues,
    });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** The update that closes a step (decided or cancelled): it leaves the pending and late indexes and drops its token. */
export const CLOSE_STEP_REMOVALS = 'REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk, taskToken';

/**
 * The write that records a decision: conditional on the step still being open, so a second click
 * or a racing completion finds the first. The task token stays: the wait it belongs to is completed
 * after the write, and a retry needs it.
 */
export const decisionWrite = (db: Store, subject: SubjectRef, stepId: string, decision: Decision): TransactItem => ({
  Update: {
    TableName: db.tableName,
    Key: keys.step(subject, stepId),
    UpdateExpression: 'SET #status = :decided, decision = :decision REMOVE gsi1pk, gsi1sk, gsi2pk, gsi2sk, formDraft',
    ConditionExpression: '#status = :open',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':decided': 'decided', ':open': 'open', ':decision': decision },
  },
});

import { nowMs, vietnamDate } from '../clock.js';
import type { Deps } from '../deps.js';
import { isConditionFailure } from '../store.js';

/**
 * The daily tick: finds the milestones falling due today (index `byDueDate`, one query) and marks
 * each one due with an audit event. Marking is conditional, so a repeated tick changes nothing.
 * Later stages (annual plans, reviews) start their executions from here.
 */
export const recordDueMilestones = async ({ db }: Deps, dateOrTime?: string) => {
  const date = dateOrTime && /^\d{4}-\d{2}-\d{2}$/.test(dateOrTime) ? dateOrTime : vietnamDate(dateOrTime ? Date.parse(dateOrTime) : nowMs());
  const due = await db.query({
    IndexName: 'byDueDate',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': `DUE#${date}` },
  });
  let opened = 0;
  for (const milestone of due) {
    try {
      await db.transact([
        {
          Update: {
            TableName: db.tableName,
            Key: { pk: milestone.pk, sk: milestone.sk },
            UpdateExpression: 'SET #status = :due, dueSince = :date',
            ConditionExpression: '#status = :scheduled',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':due': 'due', ':scheduled': 'scheduled', ':date': date },
          },
        },
        db.auditEvent(String(milestone.programId), { kind: 'milestone_due', detail: { milestone: milestone.kind, dueDate: date } }),
      ]);
      opened += 1;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  return { date, due: due.length, opened };
};

import { isConditionFailure, keys, type Store } from './table.js';

/*
 * Digest claims: one item per digest and day, written on condition, so a repeated task or tick
 * sends each digest once.
 */

/** Claims an official's daily digest of open steps; false when today's was claimed already. */
export const claimDailyDigest = async (db: Store, officialId: string, date: string, stepIds: readonly string[]): Promise<boolean> => {
  try {
    await db.put({ ...keys.digest(officialId, date), type: 'digest', steps: stepIds }, 'attribute_not_exists(pk)');
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/**
 * Claims a lead focal point's weekly digest of late steps; false when it is claimed already. A
 * claim SES refused is taken again (the table grants no DeleteItem: claims are only ever overwritten).
 */
export const claimWeeklyDigest = async (db: Store, watcherId: string, date: string, stepIds: readonly string[]): Promise<boolean> => {
  try {
    await db.update({
      Key: keys.weeklyDigest(watcherId, date),
      UpdateExpression: 'SET #type = :type, #state = :sending, steps = :steps',
      ConditionExpression: 'attribute_not_exists(pk) OR #state = :refused',
      ExpressionAttributeNames: { '#type': 'type', '#state': 'state' },
      ExpressionAttributeValues: { ':type': 'weekly_digest', ':sending': 'sending', ':refused': 'refused', ':steps': stepIds },
    });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** Marks a weekly digest's claim refused by SES, so the next tick takes it again. */
export const markWeeklyDigestRefused = async (db: Store, watcherId: string, date: string): Promise<void> => {
  await db.update({
    Key: keys.weeklyDigest(watcherId, date),
    UpdateExpression: 'SET #state = :refused',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':refused': 'refused' },
  });
};

/** Claims a program's weekly cascade digest for the day; false when it was claimed already. */
export const claimCascadeDigest = async (db: Store, programId: string, date: string, watcherId: string): Promise<boolean> => {
  try {
    await db.put({ ...keys.cascadeDigest(programId, date), type: 'cascade_digest', to: watcherId }, 'attribute_not_exists(pk)');
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

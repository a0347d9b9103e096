import { type SubjectRef, subjectPartition } from '#shared/subject-ref.js';
import { collections, isConditionFailure, type Item, type Store, withoutKeys } from './table.js';

/*
 * A subject's trail: its audit events, oldest first. Events are appended with `Store.auditEvent` /
 * `Store.recordEvent`; an event that must be written once has a key of its own (`recordEventOnce`).
 */

export const listEvents = async (db: Store, subject: SubjectRef): Promise<Item[]> =>
  (await db.queryPartition(subjectPartition(subject), collections.event)).map((item) => withoutKeys(item));

/**
 * Appends an event whose key is `EVENT#<at>#<id>`, only if absent, so an event delivered twice is
 * recorded once. False when it was recorded already.
 */
export const recordEventOnce = async (db: Store, subject: SubjectRef, event: { at: string; id: string; kind: string; detail?: Item }): Promise<boolean> => {
  const { at, id, ...rest } = event;
  try {
    await db.put(JSON.parse(JSON.stringify({ pk: subjectPartition(subject), sk: `EVENT#${at}#${id}`, type: 'event', at, ...rest })), 'attribute_not_exists(pk)');
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

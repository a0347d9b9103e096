import * as z from 'zod/mini';
import { NotFoundError } from '#shared/errors.js';
import { childrenIndexKeys, emailIndexKeys, isConditionFailure, type Item, keys, staffIndexKeys, type Store, withoutKeys } from './table.js';

/*
 * The directory as the table holds it: organisations (under their parent in the index of
 * subordinate units) and officials (findable by email address and among their unit's staff), their
 * parsing on read, and their conditional writes.
 */

export const organizationKinds = ['dan_van', 'cong_an', 'quan_su', 'bien_phong', 'chinh_tri_qd', 'other'] as const;
export const organizationLevels = ['trung_uong', 'tinh', 'huyen', 'xa'] as const;

export interface Organization {
  id: string;
  name: string;
  kind: (typeof organizationKinds)[number];
  level: (typeof organizationLevels)[number];
  locality?: string;
  parentId?: string;
  /** The office's mailbox: where the second rung of an escalation reaches an upper-level commission. */
  email?: string;
  createdAt: string;
}

export interface Official {
  id: string;
  name: string;
  title: string;
  email: string;
  organizationId: string;
  deputyId?: string;
  superiorId?: string;
  /** One morning digest of all open steps instead of a reminder per step; unset: on for focal points. */
  digest?: boolean;
  createdAt: string;
  undeliverable?: { at: string; reason: string };
}

/** Stored items are parsed, not cast: what must be there is checked, what came later passes through. */
const storedOrganization = z.looseObject({ id: z.string(), name: z.string(), kind: z.string(), level: z.string(), createdAt: z.string() });
const storedOfficial = z.looseObject({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  email: z.string(),
  organizationId: z.string(),
  createdAt: z.string(),
  undeliverable: z.optional(z.object({ at: z.string(), reason: z.string() })),
});
const organizationFromItem = (item: Item) => storedOrganization.parse(item) as unknown as Organization;
const officialFromItem = (item: Item) => storedOfficial.parse(item) as unknown as Official;

export const getOrganization = async (db: Store, organizationId: string): Promise<Organization> => {
  const item = await db.get(keys.organization(organizationId));
  if (!item) throw new NotFoundError('Organization', organizationId);
  return organizationFromItem(withoutKeys(item));
};

export const getOfficial = async (db: Store, officialId: string): Promise<Official> => {
  const item = await db.get(keys.official(officialId));
  if (!item) throw new NotFoundError('Official', officialId);
  return officialFromItem(withoutKeys(item));
};

export const organizationExists = async (db: Store, organizationId: string): Promise<boolean> => Boolean(await db.get(keys.organization(organizationId)));
export const officialExists = async (db: Store, officialId: string): Promise<boolean> => Boolean(await db.get(keys.official(officialId)));

export const findOfficialsByEmail = async (db: Store, email: string): Promise<Official[]> => {
  const items = await db.query({
    IndexName: 'byPerson',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': emailIndexKeys(email, '').gsi1pk },
  });
  return items.map((item) => officialFromItem(withoutKeys(item)));
};

/** An organisation as stored: under its parent in the index of subordinate units. */
export const organizationItem = (organization: Organization): Item => ({
  ...keys.organization(organization.id),
  ...(organization.parentId ? childrenIndexKeys(organization.parentId, organization.kind, organization.id) : {}),
  type: 'organization',
  ...organization,
});

/** An official as stored: findable by email address and among their unit's staff. */
export const officialItem = (official: Official): Item => ({
  ...keys.official(official.id),
  ...emailIndexKeys(official.email, official.id),
  ...staffIndexKeys(official.organizationId, official.id),
  type: 'official',
  ...official,
});

/** An organisation's subordinate units (index `byDueDate`, partition `CHILDREN#<id>`), of one kind if given. */
export const listChildren = async (db: Store, parentId: string, kind?: string): Promise<Organization[]> => {
  const items = await db.query({
    IndexName: 'byDueDate',
    KeyConditionExpression: kind ? 'gsi2pk = :pk AND begins_with(gsi2sk, :kind)' : 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': childrenIndexKeys(parentId, '', '').gsi2pk, ...(kind ? { ':kind': `${kind}#` } : {}) },
  });
  return items.map((item) => organizationFromItem(withoutKeys(item)));
};

/** The officials of one unit (index `byDueDate`, partition `STAFF#<id>`). */
export const listStaff = async (db: Store, organizationId: string): Promise<Official[]> => {
  const items = await db.query({
    IndexName: 'byDueDate',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': staffIndexKeys(organizationId, '').gsi2pk },
  });
  return items.map((item) => officialFromItem(withoutKeys(item)));
};

/** Writes a directory item (from `organizationItem` / `officialItem`) only while its id is free; false when it is taken. */
export const putNewEntry = async (db: Store, item: Item): Promise<boolean> => {
  try {
    await db.put(item, 'attribute_not_exists(pk)');
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** The stored item a directory item would be written over, as stored. */
export const getStoredEntry = async (db: Store, item: Item): Promise<Item | undefined> => db.get({ pk: String(item.pk), sk: String(item.sk) });

/**
 * Gives an item stored before the directory's tree was indexed its index keys (from `item`), if it
 * still has none. Nothing happens when another writer gave them first.
 */
export const addTreeIndexKeys = async (db: Store, item: Item): Promise<void> => {
  await db
    .update({
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: 'SET gsi2pk = :pk, gsi2sk = :sk',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(gsi2pk)',
      ExpressionAttributeValues: { ':pk': item.gsi2pk, ':sk': item.gsi2sk },
    })
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
};

/** Marks an official's address undeliverable, keeping the first mark; false when it was marked already. */
export const markUndeliverable = async (db: Store, officialId: string, undeliverable: { at: string; reason: string }): Promise<boolean> => {
  try {
    await db.update({
      Key: keys.official(officialId),
      UpdateExpression: 'SET undeliverable = :u',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(undeliverable)',
      ExpressionAttributeValues: { ':u': undeliverable },
    });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

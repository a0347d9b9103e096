import * as z from 'zod/mini';
import { nowMs } from './clock.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import { ID_PATTERN, LIMITS } from './limits.js';
import { childrenIndexKeys, emailIndexKeys, isConditionFailure, keys, staffIndexKeys, type Store, withoutKeys } from '#shared/store/table.js';
import { parseInput, singleLine } from './validation.js';

const id = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'must not be empty'),
    z.maxLength(LIMITS.idChars, `must be at most ${LIMITS.idChars} characters`),
    z.regex(ID_PATTERN, 'may contain only letters, digits, "-" and "_"'),
  );
const name = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(LIMITS.nameChars, `must be at most ${LIMITS.nameChars} characters`), singleLine());

export const organizationKinds = ['dan_van', 'cong_an', 'quan_su', 'bien_phong', 'chinh_tri_qd', 'other'] as const;
export const organizationLevels = ['trung_uong', 'tinh', 'huyen', 'xa'] as const;

export const organizationInput = z.strictObject({
  id: z.optional(id),
  name,
  kind: z.enum(organizationKinds, { message: `must be one of ${organizationKinds.join(', ')}` }),
  level: z.enum(organizationLevels, { message: `must be one of ${organizationLevels.join(', ')}` }),
  locality: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.localityChars), singleLine())),
  parentId: z.optional(id),
  /** The office's mailbox: where the second rung of an escalation reaches an upper-level commission. */
  email: z.optional(z.email({ message: 'must be an email address' }).check(z.maxLength(254))),
});
export type OrganizationInput = z.infer<typeof organizationInput>;
export type Organization = OrganizationInput & { id: string; createdAt: string };

export const officialInput = z.strictObject({
  id: z.optional(id),
  name,
  title: name,
  email: z.email({ message: 'must be an email address' }).check(z.maxLength(LIMITS.emailChars)),
  organizationId: id,
  deputyId: z.optional(id),
  superiorId: z.optional(id),
  /** One morning digest of all open steps instead of a reminder per step; unset: on for focal points. */
  digest: z.optional(z.boolean()),
});
export type OfficialInput = z.infer<typeof officialInput>;
export type Official = OfficialInput & { id: string; createdAt: string; undeliverable?: { at: string; reason: string } };

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
const organizationFromItem = (item: Record<string, unknown>) => storedOrganization.parse(item) as unknown as Organization;
const officialFromItem = (item: Record<string, unknown>) => storedOfficial.parse(item) as unknown as Official;

export const newId = (prefix: string): string => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

export const createOrganization = async (db: Store, body: unknown): Promise<Organization> => {
  const input = parseInput(organizationInput, body, 'organization');
  if (input.parentId && !(await db.get(keys.organization(input.parentId)))) {
    throw new ValidationError(`The parent organization '${input.parentId}' does not exist.`, [{ path: 'parentId', message: 'unknown organization' }]);
  }
  const organization: Organization = { ...input, id: input.id ?? newId('org'), createdAt: isoNow() };
  await putNew(db, organizationItem(organization), 'organization');
  return organization;
};

export const getOrganization = async (db: Store, organizationId: string): Promise<Organization> => {
  const item = await db.get(keys.organization(organizationId));
  if (!item) throw new NotFoundError('Organization', organizationId);
  return organizationFromItem(withoutKeys(item));
};

export const createOfficial = async (db: Store, body: unknown): Promise<Official> => {
  const input = parseInput(officialInput, body, 'official');
  if (!(await db.get(keys.organization(input.organizationId)))) {
    throw new ValidationError(`The organization '${input.organizationId}' does not exist.`, [{ path: 'organizationId', message: 'unknown organization' }]);
  }
  for (const field of ['deputyId', 'superiorId'] as const) {
    const other = input[field];
    if (other && !(await db.get(keys.official(other)))) {
      throw new ValidationError(`The official '${other}' named as ${field} does not exist.`, [{ path: field, message: 'unknown official' }]);
    }
  }
  const official: Official = { ...input, id: input.id ?? newId('off'), createdAt: isoNow() };
  await putNew(db, officialItem(official), 'official');
  return official;
};

export const getOfficial = async (db: Store, officialId: string): Promise<Official> => {
  const item = await db.get(keys.official(officialId));
  if (!item) throw new NotFoundError('Official', officialId);
  return officialFromItem(withoutKeys(item));
};

export const findOfficialsByEmail = async (db: Store, email: string): Promise<Official[]> => {
  const items = await db.query({
    IndexName: 'byPerson',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': emailIndexKeys(email, '').gsi1pk },
  });
  return items.map((item) => officialFromItem(withoutKeys(item)));
};

/** An organisation as stored: under its parent in the index of subordinate units. */
export const organizationItem = (organization: Organization): Record<string, unknown> => ({
  ...keys.organization(organization.id),
  ...(organization.parentId ? childrenIndexKeys(organization.parentId, organization.kind, organization.id) : {}),
  type: 'organization',
  ...organization,
});

/** An official as stored: findable by email address and among their unit's staff. */
export const officialItem = (official: Official): Record<string, unknown> => ({
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

const isoNow = () => new Date(nowMs()).toISOString();

const putNew = async (db: Store, item: Record<string, unknown>, what: string) => {
  try {
    await db.put(item, 'attribute_not_exists(pk)');
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError(`An ${what} with id '${String(item.id)}' already exists.`);
    throw error;
  }
};

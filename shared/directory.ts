import * as z from 'zod/mini';
import { nowMs } from './clock.js';
import { ConflictError, ValidationError } from './errors.js';
import { ID_PATTERN, LIMITS } from './limits.js';
import {
  type Official,
  officialExists,
  type Organization,
  organizationExists,
  organizationKinds,
  organizationLevels,
  putNewEntry,
  officialItem,
  organizationItem,
} from '#shared/store/directory.js';
import type { Store } from '#shared/store/table.js';
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

export {
  findOfficialsByEmail,
  getOfficial,
  getOrganization,
  listChildren,
  listStaff,
  type Official,
  officialItem,
  type Organization,
  organizationItem,
  organizationKinds,
  organizationLevels,
} from '#shared/store/directory.js';

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

export const newId = (prefix: string): string => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

export const createOrganization = async (db: Store, body: unknown): Promise<Organization> => {
  const input = parseInput(organizationInput, body, 'organization');
  if (input.parentId && !(await organizationExists(db, input.parentId))) {
    throw new ValidationError(`The parent organization '${input.parentId}' does not exist.`, [{ path: 'parentId', message: 'unknown organization' }]);
  }
  const organization: Organization = { ...input, id: input.id ?? newId('org'), createdAt: isoNow() };
  await putNew(db, organizationItem(organization), 'organization');
  return organization;
};

export const createOfficial = async (db: Store, body: unknown): Promise<Official> => {
  const input = parseInput(officialInput, body, 'official');
  if (!(await organizationExists(db, input.organizationId))) {
    throw new ValidationError(`The organization '${input.organizationId}' does not exist.`, [{ path: 'organizationId', message: 'unknown organization' }]);
  }
  for (const field of ['deputyId', 'superiorId'] as const) {
    const other = input[field];
    if (other && !(await officialExists(db, other))) {
      throw new ValidationError(`The official '${other}' named as ${field} does not exist.`, [{ path: field, message: 'unknown official' }]);
    }
  }
  const official: Official = { ...input, id: input.id ?? newId('off'), createdAt: isoNow() };
  await putNew(db, officialItem(official), 'official');
  return official;
};

const isoNow = () => new Date(nowMs()).toISOString();

const putNew = async (db: Store, item: Record<string, unknown>, what: string) => {
  if (!(await putNewEntry(db, item))) throw new ConflictError(`An ${what} with id '${String(item.id)}' already exists.`);
};

import * as z from 'zod/mini';
import { nowMs } from './clock.js';
import { type Official, officialInput, officialItem, type Organization, organizationInput, organizationItem } from './directory.js';
import type { IssueDetail } from './errors.js';
import { addTreeIndexKeys, getStoredEntry, officialExists, organizationExists, putNewEntry } from '#shared/store/directory.js';
import type { Store } from '#shared/store/table.js';
import { inEnglish, parseInput } from './validation.js';

/** At most this many items per batch call (what one staff CSV of a province's districts needs, several times over). */
export const BATCH_LIMIT = 100;

export interface BatchItemResult {
  readonly index: number;
  readonly id?: string;
  readonly status: 'created' | 'unchanged' | 'failed';
  readonly error?: { readonly code: 'validation_failed' | 'conflict'; readonly message: string; readonly issues: readonly IssueDetail[] };
}

interface Reference {
  readonly path: string;
  readonly id: string;
  readonly what: 'organization' | 'official';
}

/** What differs between loading organisations and loading officials. */
interface BatchSpec<T extends { id?: string }> {
  readonly what: 'organization' | 'official';
  readonly schema: z.ZodMiniType<T>;
  /** The input's fields, compared with a stored item to tell "unchanged" from a conflicting id. */
  readonly fields: readonly string[];
  readonly references: (input: T) => Reference[];
  readonly item: (input: T & { id: string }, createdAt: string) => Record<string, unknown>;
}

const organizations: BatchSpec<z.infer<typeof organizationInput>> = {
  what: 'organization',
  schema: organizationInput,
  fields: Object.keys(organizationInput.shape),
  references: (input) => (input.parentId ? [{ path: 'parentId', id: input.parentId, what: 'organization' }] : []),
  item: (input, createdAt) => organizationItem({ ...input, createdAt } as Organization),
};

const officials: BatchSpec<z.infer<typeof officialInput>> = {
  what: 'official',
  schema: officialInput,
  fields: Object.keys(officialInput.shape),
  references: (input) => [
    { path: 'organizationId', id: input.organizationId, what: 'organization' as const },
    ...(input.deputyId ? [{ path: 'deputyId', id: input.deputyId, what: 'official' as const }] : []),
    ...(input.superiorId ? [{ path: 'superiorId', id: input.superiorId, what: 'official' as const }] : []),
  ],
  item: (input, createdAt) => officialItem({ ...input, createdAt } as Official),
};

const batchBody = (field: string) =>
  z.strictObject({
    [field]: z.array(z.unknown()).check(z.minLength(1, 'must list at least one item'), z.maxLength(BATCH_LIMIT, `at most ${BATCH_LIMIT} items per call`)),
  });

/** `POST /v1/organizations:batch`: each organisation created, unchanged or failed on its own. */
export const batchOrganizations = async (db: Store, body: unknown): Promise<BatchItemResult[]> =>
  runBatch(db, organizations, parseInput(batchBody('organizations'), body, 'batch').organizations as unknown[]);

/** `POST /v1/officials:batch`: each official created, unchanged or failed on its own. */
export const batchOfficials = async (db: Store, body: unknown): Promise<BatchItemResult[]> =>
  runBatch(db, officials, parseInput(batchBody('officials'), body, 'batch').officials as unknown[]);

const failed = (
  index: number,
  id: string | undefined,
  code: 'validation_failed' | 'conflict',
  message: string,
  issues: IssueDetail[] = [],
): BatchItemResult => ({
  index,
  id,
  status: 'failed',
  error: { code, message, issues },
});

/**
 * Loads items one by one, each all-or-nothing (one conditional put), idempotent on ids: an item
 * already stored as sent is `unchanged`, a different one under the same id is a `409`. Items may
 * name others of the same call (a district under its province, a focal point under their head)
 * in any order: an item waits for the items it names, and fails if one of them fails.
 */
const runBatch = async <T extends { id?: string }>(db: Store, spec: BatchSpec<T>, raw: readonly unknown[]): Promise<BatchItemResult[]> => {
  const results: (BatchItemResult | undefined)[] = raw.map(() => undefined);
  const inputs = new Map<number, T & { id: string }>();
  raw.forEach((entry, index) => {
    const parsed = spec.schema.safeParse(entry, inEnglish);
    const id = typeof (entry as { id?: unknown })?.id === 'string' ? ((entry as { id: string }).id as string) : undefined;
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(item)', message: issue.message }));
      results[index] = failed(index, id, 'validation_failed', `The ${spec.what} is not valid (${issues[0]!.path}: ${issues[0]!.message}).`, issues);
    } else if (!parsed.data.id) {
      results[index] = failed(index, undefined, 'validation_failed', `A batch ${spec.what} needs its id, so that sending it again changes nothing.`, [
        { path: 'id', message: 'required in a batch' },
      ]);
    } else inputs.set(index, parsed.data as T & { id: string });
  });

  const known = new Map<string, boolean>();
  const exists = async (reference: Reference) => {
    const key = `${reference.what}#${reference.id}`;
    if (!known.has(key))
      known.set(key, await (reference.what === 'organization' ? organizationExists(db, reference.id) : officialExists(db, reference.id)));
    return known.get(key)!;
  };
  const pendingIds = () => new Set([...inputs.values()].map((input) => input.id));
  const failedIds = () => new Set(results.filter((r) => r?.status === 'failed' && r.id).map((r) => r!.id!));

  for (let progress = true; progress && inputs.size > 0;) {
    progress = false;
    for (const [index, input] of [...inputs]) {
      const references = spec.references(input);
      const waiting = references.filter((r) => r.what === spec.what && pendingIds().has(r.id) && r.id !== input.id);
      if (waiting.length > 0) continue;
      const missing: Reference[] = [];
      for (const reference of references) if (!(await exists(reference))) missing.push(reference);
      inputs.delete(index);
      progress = true;
      if (missing.length > 0) {
        const failedToo = failedIds();
        results[index] = failed(
          index,
          input.id,
          'validation_failed',
          `The ${spec.what} names ${missing.map((m) => `${m.what} '${m.id}'`).join(', ')}, which does not exist.`,
          missing.map((m) => ({ path: m.path, message: failedToo.has(m.id) ? `unknown ${m.what} (its item in this batch failed)` : `unknown ${m.what}` })),
        );
        continue;
      }
      results[index] = await putOne(db, spec, index, input);
      if (results[index]!.status !== 'failed') known.set(`${spec.what}#${input.id}`, true);
    }
  }
  // What is left names itself in a circle (a deputy who is their own deputy's deputy): nothing to load it after.
  for (const [index, input] of inputs) {
    results[index] = failed(index, input.id, 'validation_failed', `The ${spec.what} names others of this batch that name it in turn.`, [
      { path: '(item)', message: 'circular reference' },
    ]);
  }
  return results as BatchItemResult[];
};

const sameAsStored = (fields: readonly string[], input: Record<string, unknown>, stored: Record<string, unknown>) =>
  fields.every((field) => JSON.stringify(input[field] ?? null) === JSON.stringify(stored[field] ?? null));

const putOne = async <T extends { id?: string }>(db: Store, spec: BatchSpec<T>, index: number, input: T & { id: string }): Promise<BatchItemResult> => {
  const item = JSON.parse(JSON.stringify(spec.item(input, new Date(nowMs()).toISOString()))) as Record<string, unknown>;
  if (await putNewEntry(db, item)) return { index, id: input.id, status: 'created' };
  const stored = (await getStoredEntry(db, item))!;
  if (!sameAsStored(spec.fields, input, stored)) {
    return failed(index, input.id, 'conflict', `An ${spec.what} with id '${input.id}' already exists with other details.`, [
      { path: 'id', message: 'already used by another item' },
    ]);
  }
  // Items stored before the directory's tree was indexed get their index keys the first time they are sent again.
  if (item.gsi2pk && !stored.gsi2pk) await addTreeIndexKeys(db, item);
  return { index, id: input.id, status: 'unchanged' };
};

import type { Item, Store } from '#shared/store/table.js';

type Key = { pk: string; sk: string };

/** The store's methods that change the table: each one ends what this task may take as already read. */
const WRITES = new Set<PropertyKey>(['put', 'batchPut', 'update', 'transact', 'recordEvent']);

/**
 * The store as one task (a Lambda invocation) uses it: the items it reads together (`Promise.all`,
 * or any reads started in the same turn of the event loop) go to DynamoDB as one BatchGetItem, and
 * an item read again before the task writes anything is not read again. A page, a decision or a
 * step's opening reads the step, its subject, the stage and the people in one request instead of
 * one each. Every write forgets what was read, so a read after a write (a decision re-reading its
 * step for the newest task token) always goes to the table, consistent as every read here is.
 *
 * Made per task by `defaultDeps()`: never keep one across invocations, it would serve old items.
 */
export const batchingReads = (store: Store): Store => {
  let remembered = new Map<string, Promise<Item | undefined>>();
  let waiting: { key: Key; id: string; settle: (read: Promise<Item | undefined>) => void }[] = [];

  const flush = () => {
    const batch = waiting;
    waiting = [];
    const read = store.getMany(batch.map((entry) => entry.key));
    batch.forEach((entry, index) => entry.settle(read.then((items) => items[index])));
  };

  const get = (key: Key): Promise<Item | undefined> => {
    const id = `${key.pk}\u0000${key.sk}`;
    const known = remembered.get(id);
    if (known) return known;
    if (waiting.length === 0) setImmediate(flush);
    const read = new Promise<Item | undefined>((resolve, reject) => {
      waiting.push({ key: { pk: key.pk, sk: key.sk }, id, settle: (result) => result.then(resolve, reject) });
    });
    remembered.set(id, read);
    // A failed read is not remembered: the task may try again.
    read.catch(() => remembered.get(id) === read && remembered.delete(id));
    return read;
  };

  return new Proxy(store, {
    get(target, property) {
      if (property === 'get') return get;
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (!WRITES.has(property)) return value.bind(target);
      return async (...args: unknown[]) => {
        remembered = new Map();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          remembered = new Map();
        }
      };
    },
  });
};

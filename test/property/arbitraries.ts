import fc from 'fast-check';
import { LIMITS } from '#shared/limits.js';

/** Runs per property: at least the 1,000 the issue asks for; PROPERTY_RUNS raises it for a deeper search. */
export const RUNS = Math.max(1000, Number(process.env.PROPERTY_RUNS ?? 1000));

/** Text that has broken systems: marks, direction overrides, invisible characters, NUL, lone surrogates, markup. */
export const UNICODE_EDGES = [
  'e\u0301', // a combining acute accent
  'o\u0323\u0302', // ộ decomposed: two combining marks
  'Z\u0337\u0322\u0353\u0344\u0308\u0301\u0300\u0327', // a pile of combining marks
  '\u202Egnp.exe', // right-to-left override
  '\u202D\u2066\u2067\u2069', // other direction controls
  '\u200B', // zero-width space
  '\u200C\u200D', // zero-width (non-)joiners
  '\uFEFF', // byte-order mark
  '\u0000', // NUL
  '\u0007\u001B[31m', // bell, an ANSI escape
  '\uD800', // a lone high surrogate
  '\uDFFF', // a lone low surrogate
  '\uDC00\uD800', // a reversed pair
  '👨‍👩‍👧', // a joined emoji
  '𝕏', // astral plane
  'Nguyễn Văn Ảnh',
  '<script>alert(1)</script>',
  '"\'><img src=x onerror=alert(1)>',
  '%00%ZZ',
  '../..\\',
  ' ',
  '\r\n',
  '',
] as const;

const edgeText = fc.array(fc.constantFrom(...UNICODE_EDGES), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));

/** A text exactly at a limit or one past it, in ASCII, in 3-byte Vietnamese letters, or in 2-unit emoji. */
export const sizedText = (limit: number) =>
  fc.tuple(fc.constantFrom(limit, limit + 1, limit - 1), fc.constantFrom('a', 'ộ', '😀', 'e\u0301')).map(([length, unit]) => unit.repeat(Math.max(length, 0)).slice(0, Math.max(length, 0) * unit.length));

const CHARACTER_LIMITS = [LIMITS.idChars, LIMITS.titleChars, LIMITS.nameChars, LIMITS.localityChars, LIMITS.emailChars, LIMITS.commentChars, LIMITS.contentItemChars];

/** Any text a client might send: ordinary, hostile, broken, or sized at a limit. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 4, arbitrary: edgeText },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(...CHARACTER_LIMITS).chain(sizedText) },
);

export const validId = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);

/** A JSON value of any shape, its strings drawn from `anyText`. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    anyText,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(anyText, fc.constantFrom('id', 'name', '__proto__', 'constructor', 'toString')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const leafPaths = (value: Json, prefix: Path = []): Path[] => {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => leafPaths(item, [...prefix, index]))];
  if (value && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...prefix, key]))];
  return [prefix];
};

const withChange = (value: Json, path: Path, change: (old: Json | undefined) => Json | undefined): Json => {
  if (path.length === 0) return change(value) ?? null;
  const [head, ...rest] = path as [string | number, ...Path];
  const copy: Json = Array.isArray(value) ? [...value] : { ...(value as Record<string, Json>) };
  const old = (copy as Record<string | number, Json>)[head];
  const next = rest.length === 0 ? change(old) : withChange(old ?? null, rest, change);
  if (next === undefined) {
    if (Array.isArray(copy)) copy.splice(Number(head), 1);
    else delete (copy as Record<string, Json>)[String(head)];
  } else (copy as Record<string | number, Json>)[head] = next;
  return copy;
};

/**
 * A valid request body and one to three changes to it: a value replaced by anything (a text at a
 * limit, a wrong type), a field removed, a field added, a list grown past its limit.
 */
export const mutationsOf = (example: Json): fc.Arbitrary<unknown> => {
  const paths = leafPaths(example);
  const change = fc.oneof(
    fc.record({ op: fc.constant('replace' as const), value: anyJson }),
    fc.record({ op: fc.constant('remove' as const) }),
    fc.record({ op: fc.constant('add' as const), key: fc.oneof(anyText, fc.constantFrom('id', 'lock', 'status', 'stageExecution')), value: anyJson }),
    fc.record({ op: fc.constant('grow' as const), times: fc.constantFrom(2, 21, 101) }),
  );
  return fc.array(fc.tuple(fc.constantFrom(...paths), change), { minLength: 0, maxLength: 3 }).map((changes) =>
    changes.reduce<Json>(
      (body, [path, c]) =>
        withChange(body, path, (old) => {
          if (c.op === 'replace') return c.value as Json;
          if (c.op === 'remove') return undefined;
          if (c.op === 'add') return old && typeof old === 'object' && !Array.isArray(old) ? { ...old, [c.key]: c.value as Json } : old;
          return Array.isArray(old) && old.length > 0 ? Array.from({ length: c.times }, (_, i) => old[i % old.length]!) : old;
        }),
      example,
    ),
  );
};

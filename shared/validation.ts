import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { ValidationError } from './errors.js';

/**
 * zod/mini carries no messages of its own (every issue would read "Invalid input"): the API's
 * messages are zod's English ones, given per parse where a schema has no message of its own.
 */
export const inEnglish = { error: en().localeError };

/** Parses input with a zod schema, turning failures into the contract's 400 with one issue per field. */
export const parseInput = <S extends z.ZodMiniType>(schema: S, input: unknown, what: string): z.infer<S> => {
  const result = schema.safeParse(input, inEnglish);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
  const first = issues[0];
  const summary = first ? `${first.path}: ${first.message}` : 'invalid input';
  throw new ValidationError(`The ${what} is not valid (${summary}).`, issues);
};

/** Control characters (line breaks, tabs, NUL, C1 controls) and Unicode's line and paragraph separators. */
export const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;

/**
 * A check for a name or a title: one line, no control characters. Such a text goes into email
 * subjects and calendar lines, where a line break would start a header or a property of its own.
 */
export const singleLine = (message = 'must be a single line, without line breaks, tabs or other control characters') =>
  z.refine<string>((text) => !CONTROL_CHARACTERS.test(text), message);

/** The same check on a page, in Vietnamese. */
export const singleLineVi = () => singleLine('Vui lòng nhập trên một dòng, không có ký tự xuống dòng hay ký tự điều khiển.');

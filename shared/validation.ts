import type * as z from 'zod/mini';
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

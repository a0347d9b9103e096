import type * as z from 'zod';
import { ValidationError } from './errors.js';

/** Parses input with a zod schema, turning failures into the contract's 400 with one issue per field. */
export const parseInput = <S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
  const first = issues[0];
  const summary = first ? `${first.path}: ${first.message}` : 'invalid input';
  throw new ValidationError(`The ${what} is not valid (${summary}).`, issues);
};

import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/errors.js';
import { parseInput } from '#shared/validation.js';

describe('Function: parseInput', () => {
  it('names what is wrong in English where the schema has no message of its own (zod/mini has none)', () => {
    // Arrange
    const schema = z.strictObject({ title: z.string(), year: z.int().check(z.gte(1945, 'must be 1945 or later')) });

    // Act
    const attempt = () => parseInput(schema, { title: 5, year: 1900, extra: true }, 'plan');

    // Assert
    expect(attempt).toThrow(ValidationError);
    const issues = (() => {
      try {
        attempt();
      } catch (error) {
        return (error as ValidationError).issues;
      }
    })();
    expect(issues).toEqual([
      { path: 'title', message: 'Invalid input: expected string, received number' },
      { path: 'year', message: 'must be 1945 or later' },
      { path: '(body)', message: 'Unrecognized key: "extra"' },
    ]);
  });
});

import * as z from 'zod/mini';
import { DomainError, ValidationError } from '#shared/errors.js';
import { errorBody, isJsonContentType, UnsupportedMediaTypeError } from '#shared/http.js';
import { parseInput } from '#shared/validation.js';
import type { LocalOnlyRoute, LocalRequest } from './http-api.js';

/** At most a little over a year at once: a stage's longest wait, with room. */
export const MAX_ADVANCE_DAYS = 400;

/** `{"days": n}`: a JSON number (fractions allowed), never a string or a boolean coerced into one. */
export const advanceInput = z.strictObject({
  days: z.number({ message: 'must be a number' }).check(z.positive('must be more than 0'), z.lte(MAX_ADVANCE_DAYS, `must be at most ${MAX_ADVANCE_DAYS}`)),
});

const jsonOf = (request: LocalRequest): unknown => {
  const contentType = request.headers['content-type'];
  if (!isJsonContentType(contentType)) throw new UnsupportedMediaTypeError(contentType);
  if (request.body.trim() === '') throw new ValidationError('The request needs a JSON body.', [{ path: '(body)', message: 'empty' }]);
  try {
    return JSON.parse(request.body);
  } catch {
    throw new ValidationError('The request body is not valid JSON.', [{ path: '(body)', message: 'not JSON' }]);
  }
};

/**
 * The local clock's routes: `GET /_local/clock` and `POST /_local/clock/advance {"days": n}`,
 * answering invalid input with the contract's 400 (415 for a body not sent as JSON).
 */
export const clockRoutes =
  (now: () => number, advanceDays: (days: number) => Promise<void>): LocalOnlyRoute =>
  async (request) => {
    const clockBody = () => ({ now: new Date(now()).toISOString() });
    if (request.path === '/_local/clock' && request.method === 'GET') return { status: 200, body: clockBody() };
    if (request.path !== '/_local/clock/advance' || request.method !== 'POST') return undefined;
    try {
      const { days } = parseInput(advanceInput, jsonOf(request), 'clock advance');
      await advanceDays(days);
      return { status: 200, body: clockBody() };
    } catch (error) {
      if (error instanceof DomainError) return { status: error.statusCode, body: errorBody(error) };
      throw error;
    }
  };

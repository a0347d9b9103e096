import * as z from 'zod/mini';
import { defaultDeps } from '#shared/deps.js';
import { endSubject } from '#shared/stages/lifecycle/ending.js';
import { subjectTypes } from '#shared/subject-ref.js';
import { workflowTask } from '#shared/task.js';
import { parseInput } from '#shared/validation.js';

const input = z.object({
  subjectType: z.enum(subjectTypes),
  subjectId: z.string().check(z.minLength(1)),
  reason: z.string().check(z.minLength(1)),
  reasonVi: z.string().check(z.minLength(1)),
});

/**
 * Ends what still runs under a subject that ended (stages/lifecycle/ending.ts), for a stage whose
 * own task closed it (a final review closing its program): its own function then carries no other
 * stage's kinds.
 */
export const handler = workflowTask(async (event) => {
  const { subjectType, subjectId, reason, reasonVi } = parseInput(input, event, 'subject ending input');
  return endSubject(defaultDeps(), { type: subjectType, id: subjectId }, { reason, reasonVi });
});

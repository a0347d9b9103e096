import * as z from 'zod/mini';
import { readPolicy } from '#shared/policy.js';
import type { Program, ProgramVersion } from './model.js';

/**
 * What a program item must hold to be read at all; fields added since (a cascade setting, …) pass
 * through untouched, and a policy stored by an older release reads with today's defaults filled in.
 */
const storedProgram = z.looseObject({
  id: z.string(),
  title: z.string(),
  leadOrganizationId: z.string(),
  period: z.object({ startYear: z.number(), endYear: z.number() }),
  parties: z.array(z.object({ organizationId: z.string(), focalPointId: z.string(), reviewerId: z.string(), signatoryId: z.string() })),
  contentItems: z.array(z.object({ text: z.string(), responsibleOrganizationId: z.string() })),
  reminderPolicy: z.pipe(
    z.unknown(),
    z.transform((stored) => readPolicy(stored)),
  ),
  status: z.enum(['draft', 'in_review', 'signing', 'active', 'closed', 'cancelled']),
  documentVersion: z.number(),
  lock: z.number(),
  signatures: z._default(z.record(z.string(), z.looseObject({ organizationId: z.string(), signedBy: z.string(), at: z.string() })), {}),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const storedVersion = z.looseObject({
  version: z.number(),
  title: z.string(),
  contentItems: z.array(z.object({ text: z.string(), responsibleOrganizationId: z.string() })),
  createdAt: z.string(),
});

export const programFromItem = (item: Record<string, unknown>): Program => storedProgram.parse(item) as unknown as Program;
export const versionFromItem = (item: Record<string, unknown>): ProgramVersion => storedVersion.parse(item) as unknown as ProgramVersion;

import { z } from 'zod';
import { reminderPolicySchema } from '../steps/model.js';

const id = z.string().trim().min(1, 'must not be empty').max(80).regex(/^[A-Za-z0-9_-]+$/, 'may contain only letters, digits, "-" and "_"');
const year = z.number().int('must be a whole year').min(1945, 'must be 1945 or later').max(2100, 'must be 2100 or earlier');

export const contentItemSchema = z.strictObject({
  text: z.string().trim().min(1, 'must not be empty').max(4000),
  responsibleOrganizationId: id,
});

export const partySchema = z.strictObject({
  organizationId: id,
  focalPointId: id,
  reviewerId: id,
  signatoryId: id,
});

export const programInput = z
  .strictObject({
    id: id.optional(),
    title: z.string().trim().min(1, 'must not be empty').max(500),
    leadOrganizationId: id,
    period: z.strictObject({ startYear: year, endYear: year }),
    parties: z.array(partySchema).min(2, 'a program needs at least two parties').max(20),
    contentItems: z.array(contentItemSchema).min(1, 'a program needs at least one content item').max(100),
    objectives: z.string().trim().max(4000).optional(),
    previousProgramId: id.optional(),
    reminderPolicy: reminderPolicySchema.optional(),
  })
  .superRefine((program, ctx) => {
    if (program.period.startYear > program.period.endYear) {
      ctx.addIssue({ code: 'custom', path: ['period', 'endYear'], message: 'must not be before startYear' });
    }
    const partyIds = program.parties.map((party) => party.organizationId);
    if (!partyIds.includes(program.leadOrganizationId)) {
      ctx.addIssue({ code: 'custom', path: ['leadOrganizationId'], message: 'the lead must be one of the parties' });
    }
    partyIds.forEach((organizationId, index) => {
      if (partyIds.indexOf(organizationId) !== index) {
        ctx.addIssue({ code: 'custom', path: ['parties', index, 'organizationId'], message: 'this party is listed twice' });
      }
    });
    program.contentItems.forEach((item, index) => {
      if (!partyIds.includes(item.responsibleOrganizationId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['contentItems', index, 'responsibleOrganizationId'],
          message: 'must be one of the parties',
        });
      }
    });
  });
export type ProgramInput = z.infer<typeof programInput>;
export type Party = z.infer<typeof partySchema>;
export type ContentItem = z.infer<typeof contentItemSchema>;

export type ProgramStatus = 'draft' | 'in_review' | 'signing' | 'active' | 'closed' | 'cancelled';

export interface Signature {
  readonly organizationId: string;
  readonly signedBy: string;
  readonly onBehalfOf?: string;
  readonly capacity?: string;
  readonly at: string;
}

export interface Program {
  readonly id: string;
  readonly title: string;
  readonly leadOrganizationId: string;
  readonly period: { startYear: number; endYear: number };
  readonly parties: Party[];
  readonly contentItems: ContentItem[];
  readonly objectives?: string;
  readonly previousProgramId?: string;
  readonly reminderPolicy: z.infer<typeof reminderPolicySchema>;
  readonly status: ProgramStatus;
  /** The draft's version: 1 at creation, one more for each revision. */
  readonly documentVersion: number;
  /** Review or signing round, counted across the stage. */
  readonly round: number;
  /** Optimistic-lock counter: every write checks and bumps it. */
  readonly lock: number;
  readonly signatures: Record<string, Signature>;
  readonly signedAt?: string;
  readonly stageExecution?: string;
  readonly submittedAt?: string;
  /** How often the stage was resumed after its execution failed or was lost. */
  readonly resumes?: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ProgramVersion {
  readonly version: number;
  readonly title: string;
  readonly contentItems: ContentItem[];
  readonly objectives?: string;
  readonly createdAt: string;
  readonly createdBy?: string;
  readonly note?: string;
}

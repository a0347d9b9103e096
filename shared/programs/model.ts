import * as z from 'zod/mini';
import { ID_PATTERN, LIMITS, tooManyBytesMessage, totalUtf8Bytes } from '../limits.js';
import { reminderPolicySchema } from '../policy.js';
import { singleLine } from '../validation.js';

const id = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(LIMITS.idChars), z.regex(ID_PATTERN, 'may contain only letters, digits, "-" and "_"'));
const year = z.int('must be a whole year').check(z.gte(1945, 'must be 1945 or later'), z.lte(2100, 'must be 2100 or earlier'));

export const contentItemSchema = z.strictObject({
  text: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(LIMITS.contentItemChars)),
  responsibleOrganizationId: id,
});

export const partySchema = z.strictObject({
  organizationId: id,
  focalPointId: id,
  reviewerId: id,
  signatoryId: id,
});

/** Once signed, the program directs each subordinate unit to sign its own for the same period (shared/cascade). */
export const cascadeSchema = z.strictObject({
  /** Working days the units are given, from the signing, to have their programs signed. */
  dueInWorkingDays: z._default(z.int('must be a whole number of working days').check(z.gte(5), z.lte(250)), 60),
});
export type CascadeSetting = z.infer<typeof cascadeSchema>;

export const programInput = z
  .strictObject({
    id: z.optional(id),
    title: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(LIMITS.titleChars), singleLine()),
    leadOrganizationId: id,
    period: z.strictObject({ startYear: year, endYear: year }),
    parties: z.array(partySchema).check(z.minLength(2, 'a program needs at least two parties'), z.maxLength(LIMITS.parties)),
    contentItems: z.array(contentItemSchema).check(z.minLength(1, 'a program needs at least one content item'), z.maxLength(LIMITS.contentItems)),
    objectives: z.optional(z.string().check(z.trim(), z.maxLength(LIMITS.objectivesChars))),
    previousProgramId: z.optional(id),
    reminderPolicy: z.optional(reminderPolicySchema),
    /** Whether every party's head signs each annual plan once the parties approved it. @default false */
    planSignatures: z.optional(z.boolean()),
    cascade: z.optional(cascadeSchema),
  })
  .check(
    z.superRefine((program, ctx) => {
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
      const documentBytes = programDocumentBytes(program);
      if (documentBytes > LIMITS.documentBytes) {
        ctx.addIssue({
          code: 'custom',
          path: ['contentItems'],
          message: `with the title and objectives, ${tooManyBytesMessage(documentBytes, LIMITS.documentBytes)}`,
        });
      }
    }),
  );
export type ProgramInput = z.infer<typeof programInput>;
export type Party = z.infer<typeof partySchema>;
export type ContentItem = z.infer<typeof contentItemSchema>;

/** The UTF-8 bytes of a program's document: what the program record and each version item carry whole. */
export const programDocumentBytes = (document: { title: string; objectives?: string; contentItems: readonly { text: string }[] }): number =>
  totalUtf8Bytes([document.title, document.objectives, ...document.contentItems.map((item) => item.text)]);

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
  /** Whether every party's head signs each annual plan once the parties approved it. */
  readonly planSignatures?: boolean;
  /** Set when the program directs its subordinate units to sign theirs; a child program inherits it (cascades nest). */
  readonly cascade?: CascadeSetting;
  /** The program whose cascade created this one. */
  readonly parentProgramId?: string;
  readonly status: ProgramStatus;
  /** The draft's version: 1 at creation, one more for each revision. */
  readonly documentVersion: number;
  /** Optimistic-lock counter: every write checks and bumps it. */
  readonly lock: number;
  readonly signatures: Record<string, Signature>;
  readonly signedAt?: string;
  readonly submittedAt?: string;
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

import * as z from 'zod/mini';
import { ID_PATTERN, LIMITS, tooManyBytesMessage, totalUtf8Bytes } from '#shared/limits.js';
import { reminderPolicySchema } from '#shared/policy.js';
import { cascadeSchema, contentItemSchema, partySchema } from '#shared/store/programs.js';

export {
  cascadeSchema,
  type CascadeSetting,
  type ContentItem,
  contentItemSchema,
  type Party,
  partySchema,
  type Program,
  type ProgramStatus,
  type ProgramVersion,
  type Signature,
} from '#shared/store/programs.js';
import { singleLine } from '#shared/validation.js';

const id = z
  .string()
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(LIMITS.idChars), z.regex(ID_PATTERN, 'may contain only letters, digits, "-" and "_"'));
const year = z.int('must be a whole year').check(z.gte(1945, 'must be 1945 or later'), z.lte(2100, 'must be 2100 or earlier'));

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

/** The UTF-8 bytes of a program's document: what the program record and each version item carry whole. */
export const programDocumentBytes = (document: { title: string; objectives?: string; contentItems: readonly { text: string }[] }): number =>
  totalUtf8Bytes([document.title, document.objectives, ...document.contentItems.map((item) => item.text)]);


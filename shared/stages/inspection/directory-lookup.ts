import { getOfficial, getOrganization, type Official, type Organization } from '#shared/directory.js';
import { NotFoundError, ValidationError } from '#shared/errors.js';
import { programExists } from '#shared/store/programs.js';
import type { Store } from '#shared/store/table.js';
import type { InspectionInput } from './model.js';

interface Named {
  readonly path: string;
  readonly id: string;
}

/**
 * Every organisation and official a plan names, read once each; an unknown one, or a member who
 * does not belong to the agency the plan says, is a `400` naming where it sits in the request.
 */
export const directoryEntries = async (db: Store, input: InspectionInput) => {
  const organizationRefs: Named[] = [
    { path: 'leadOrganizationId', id: input.leadOrganizationId },
    ...input.agencies.map((agency, index) => ({ path: `agencies.${index}.organizationId`, id: agency.organizationId })),
    ...input.visits.map((visit, index) => ({ path: `visits.${index}.organizationId`, id: visit.organizationId })),
  ];
  const officialRefs: Named[] = [
    ...input.agencies.map((agency, index) => ({ path: `agencies.${index}.focalPointId`, id: agency.focalPointId })),
    ...input.members.map((member, index) => ({ path: `members.${index}.officialId`, id: member.officialId })),
    ...input.visits.flatMap((visit, index) => [
      { path: `visits.${index}.headId`, id: visit.headId },
      { path: `visits.${index}.focalPointId`, id: visit.focalPointId },
    ]),
  ];
  const organizations = await readAll(organizationRefs, (id) => getOrganization(db, id));
  const officials = await readAll(officialRefs, (id) => getOfficial(db, id));
  const issues = [
    ...organizationRefs.filter((ref) => !organizations.has(ref.id)).map((ref) => ({ path: ref.path, message: `unknown organization '${ref.id}'` })),
    ...officialRefs.filter((ref) => !officials.has(ref.id)).map((ref) => ({ path: ref.path, message: `unknown official '${ref.id}'` })),
    ...input.members.flatMap((member, index) => {
      const official = officials.get(member.officialId);
      return official && official.organizationId !== member.organizationId
        ? [{ path: `members.${index}.organizationId`, message: `the official '${member.officialId}' belongs to '${official.organizationId}'` }]
        : [];
    }),
  ];
  for (const [index, programId] of input.programIds.entries()) {
    if (!(await programExists(db, programId))) issues.push({ path: `programIds.${index}`, message: `unknown program '${programId}'` });
  }
  if (issues.length > 0) throw new ValidationError(`The plan names what the directory does not have (${issues[0]!.path}: ${issues[0]!.message}).`, issues);
  return { organizations, officials };
};

const readAll = async <T>(refs: readonly Named[], read: (id: string) => Promise<T>): Promise<Map<string, T>> => {
  const found = new Map<string, T>();
  await Promise.all(
    [...new Set(refs.map((ref) => ref.id))].map(async (id) => {
      try {
        found.set(id, await read(id));
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }),
  );
  return found;
};

export type { Official, Organization };

import type { Deps } from '#shared/deps.js';
import { getOrganization } from '#shared/directory.js';
import type { SafeHtml } from '#shared/html.js';
import { programDocument } from './document.js';
import type { Program, ProgramVersion } from './model.js';
import { getProgramRecord, getVersion, listVersions } from '#shared/store/programs.js';

/**
 * The version the program is at and the one before it, read by key (with the store of a task,
 * together with whatever else is read at the same time); all versions only if the current one is
 * missing, which no program written by this system is.
 */
const versionsOf = async (deps: Deps, program: Program): Promise<{ current: ProgramVersion; previous?: ProgramVersion }> => {
  const at = program.documentVersion;
  const [current, previous] = await Promise.all(
    [at, at - 1].map(async (version) => (version >= 1 ? getVersion(deps.db, program.id, version) : undefined)),
  );
  if (current) return { current, previous };
  const versions = await listVersions(deps.db, program.id);
  const latest = versions[versions.length - 1]!;
  return { current: latest, previous: versions.find((v) => v.version === latest.version - 1) };
};

/** The program's current version and the one before it (what a reviewer of a revision compares). */
export const currentAndPrevious = async (deps: Deps, programId: string) => {
  const program = await getProgramRecord(deps.db, programId);
  return { program, ...(await versionsOf(deps, program)) };
};

/**
 * The draft as the page behind a link shows it, with the changes since the previous version marked.
 * The two versions and every party's name are read together: one request with a task's store.
 */
export const programDocumentSection = async (deps: Deps, programId: string): Promise<SafeHtml> => {
  const program = await getProgramRecord(deps.db, programId);
  const [{ current, previous }, ...organizations] = await Promise.all([
    versionsOf(deps, program),
    ...program.parties.map((party) => getOrganization(deps.db, party.organizationId)),
  ]);
  const names = new Map(organizations.map((organization) => [organization.id, organization.name]));
  return programDocument(program, names, current, previous);
};

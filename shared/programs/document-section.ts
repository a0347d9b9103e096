import type { Deps } from '../deps.js';
import { getOrganization } from '../directory.js';
import type { SafeHtml } from '../html.js';
import { programDocument } from './document.js';
import type { ProgramVersion } from './model.js';
import { getProgramRecord, listVersions } from './records.js';

/** The program's current version and the one before it (what a reviewer of a revision compares). */
export const currentAndPrevious = async (deps: Deps, programId: string) => {
  const program = await getProgramRecord(deps.db, programId);
  const versions = await listVersions(deps.db, programId);
  const current: ProgramVersion = versions.find((v) => v.version === program.documentVersion) ?? versions[versions.length - 1]!;
  return { program, current, previous: versions.find((v) => v.version === current.version - 1) };
};

/** The draft as the page behind a link shows it, with the changes since the previous version marked. */
export const programDocumentSection = async (deps: Deps, programId: string): Promise<SafeHtml> => {
  const { program, current, previous } = await currentAndPrevious(deps, programId);
  const names = new Map<string, string>();
  for (const party of program.parties) names.set(party.organizationId, (await getOrganization(deps.db, party.organizationId)).name);
  return programDocument(program, names, current, previous);
};

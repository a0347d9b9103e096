import type { Deps } from '#shared/deps.js';
import { ConflictError } from '#shared/errors.js';
import { LIMITS } from '#shared/limits.js';
import type { Program } from '#shared/programs/model.js';
import { getProgramRecord } from '#shared/store/programs.js';
import { createProgram } from '#shared/programs/service.js';

export interface Period {
  readonly startYear: number;
  readonly endYear: number;
}

/** `tth-2022-2026` → `tth-2027-2031`; an id without its period gets the next one appended. Deterministic, so a retry finds it. */
export const renewalIdFor = (program: Pick<Program, 'id' | 'period'>, next: Period): string => {
  const suffix = `-${program.period.startYear}-${program.period.endYear}`;
  const base = program.id.endsWith(suffix) ? program.id.slice(0, -suffix.length) : program.id;
  const tail = `-${next.startYear}-${next.endYear}`;
  return `${base.slice(0, LIMITS.idChars - tail.length)}${tail}`;
};

/** The title with the period replaced ("giai đoạn 2022–2026" → "giai đoạn 2027–2031"), or the period added. */
export const renewalTitle = (program: Pick<Program, 'title' | 'period'>, next: Period): string => {
  const period = new RegExp(`${program.period.startYear}\\s*[–-]\\s*${program.period.endYear}`, 'g');
  const title = program.title.replace(period, `${next.startYear}–${next.endYear}`);
  return title === program.title ? `${program.title} (giai đoạn ${next.startYear}–${next.endYear})`.slice(0, LIMITS.titleChars) : title;
};

/**
 * The next period's program a final review proposed: a draft linked to the old one
 * (`previousProgramId`), with its parties, objectives, content items and settings copied, ready
 * for staff to submit into the draft stage. Created once: a retry finds it. Its own trail starts
 * with `program_created`; the old program's says `review_approved` with the renewal's id.
 */
export const proposeRenewal = async (deps: Deps, program: Program, next: Period): Promise<string> => {
  const id = renewalIdFor(program, next);
  const body = {
    id,
    title: renewalTitle(program, next),
    leadOrganizationId: program.leadOrganizationId,
    period: { startYear: next.startYear, endYear: next.endYear },
    parties: program.parties.map(({ organizationId, focalPointId, reviewerId, signatoryId }) => ({ organizationId, focalPointId, reviewerId, signatoryId })),
    contentItems: program.contentItems.map(({ text, responsibleOrganizationId }) => ({ text, responsibleOrganizationId })),
    objectives: program.objectives,
    previousProgramId: program.id,
    reminderPolicy: program.reminderPolicy,
    planSignatures: program.planSignatures,
    cascade: program.cascade,
  };
  try {
    await createProgram(deps.db, JSON.parse(JSON.stringify(body)));
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const existing = await getProgramRecord(deps.db, id);
    if (existing.previousProgramId !== program.id) throw new ConflictError(`A program '${id}' exists already and does not renew '${program.id}'.`);
    return id;
  }
  return id;
};

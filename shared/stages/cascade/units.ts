import { getOrganization, listChildren, listStaff, type Official, type Organization } from '#shared/directory.js';
import type { Party, Program } from '#shared/programs/model.js';
import type { Store } from '#shared/store/table.js';

/** One subordinate unit of a cascade: the child of the lead party and its counterparts under the other parties. */
export interface CascadeUnit {
  /** The child of the parent program's lead (its Ban Dân vận): names the unit and leads its program. */
  readonly lead: Organization;
  /** The unit program's parties, lead first, each with the head who signs and the focal point who drafts and reviews. */
  readonly parties: readonly Party[];
  /** Each parent party's organisation → its counterpart in this unit (content items keep their responsible party). */
  readonly counterparts: Readonly<Record<string, string>>;
  readonly names: Readonly<Record<string, string>>;
}

/** A unit that cannot get a program, and why (its staff must fix the directory; the next retry finds it). */
export interface SkippedUnit {
  readonly organizationId: string;
  readonly reason: string;
}

/**
 * Who heads a unit and who is its focal point, read from the directory's reporting lines: the head
 * is the official whose superior is not in the unit (or who has none), the one the most of the
 * unit name as superior; the focal point is one who names the head as superior and is not the
 * head's deputy (else the deputy, else the head). The CSV of a province's districts is laid out
 * this way: each focal point's `superiorId` is their unit's head.
 */
export const unitRoles = (staff: readonly Official[]): { head: Official; focalPoint: Official } | undefined => {
  if (staff.length === 0) return undefined;
  const inUnit = new Set(staff.map((official) => official.id));
  const reports = (official: Official) => staff.filter((other) => other.superiorId === official.id).length;
  const byId = (a: Official, b: Official) => a.id.localeCompare(b.id);
  const heads = staff.filter((official) => !official.superiorId || !inUnit.has(official.superiorId)).sort((a, b) => reports(b) - reports(a) || byId(a, b));
  const head = heads[0] ?? [...staff].sort(byId)[0]!;
  const focalPoint =
    staff.filter((official) => official.superiorId === head.id && official.id !== head.deputyId).sort(byId)[0] ??
    staff.find((official) => official.id === head.deputyId) ??
    head;
  return { head, focalPoint };
};

/**
 * The subordinate units of a program, from the directory (index queries only): every child of the
 * lead organisation of the lead's kind, paired with the child of each other party of that party's
 * kind in the same locality (Ban Dân vận Huyện ủy Phong Điền with Công an huyện Phong Điền). A unit
 * needs a counterpart under at least one other party, and a head in every organisation.
 */
export const findUnits = async (db: Store, program: Program): Promise<{ units: CascadeUnit[]; skipped: SkippedUnit[] }> => {
  const organizations = new Map<string, Organization>();
  for (const party of program.parties) organizations.set(party.organizationId, await getOrganization(db, party.organizationId));
  const childrenOf = new Map<string, Organization[]>();
  for (const [id, organization] of organizations) childrenOf.set(id, await listChildren(db, id, organization.kind));

  const units: CascadeUnit[] = [];
  const skipped: SkippedUnit[] = [];
  for (const child of childrenOf.get(program.leadOrganizationId) ?? []) {
    const counterparts: Record<string, string> = { [program.leadOrganizationId]: child.id };
    const names: Record<string, string> = { [child.id]: child.name };
    for (const party of program.parties.filter((p) => p.organizationId !== program.leadOrganizationId)) {
      const match = child.locality ? childrenOf.get(party.organizationId)?.find((other) => other.locality === child.locality) : undefined;
      if (match) {
        counterparts[party.organizationId] = match.id;
        names[match.id] = match.name;
      }
    }
    if (Object.keys(counterparts).length < 2) {
      skipped.push({ organizationId: child.id, reason: `no unit of the other parties in the same locality (${child.locality ?? 'none given'})` });
      continue;
    }
    const parties: Party[] = [];
    const headless: string[] = [];
    for (const organizationId of Object.values(counterparts)) {
      const roles = unitRoles(await listStaff(db, organizationId));
      if (!roles) headless.push(organizationId);
      else parties.push({ organizationId, focalPointId: roles.focalPoint.id, reviewerId: roles.focalPoint.id, signatoryId: roles.head.id });
    }
    if (headless.length > 0) {
      skipped.push({ organizationId: child.id, reason: `no officials in ${headless.join(', ')}` });
      continue;
    }
    units.push({ lead: child, parties, counterparts, names });
  }
  return { units, skipped };
};

import { NotFoundError } from '#shared/errors.js';
import type { Inspection, Visit } from '#shared/store/inspections.js';

export {
  findingsWrite,
  getFindings,
  getInspection,
  inspectionChange,
  type InspectionChanges,
  remediationKey,
  remediationWrite,
  visitRecords,
} from '#shared/store/inspections.js';

export const findVisit = (inspection: Inspection, visitId: string): Visit => {
  const visit = inspection.visits.find((v) => v.id === visitId);
  if (!visit) throw new NotFoundError('Visit', `${inspection.id}/${visitId}`);
  return visit;
};

/** The visit of a unit (a plan visits each unit once): steps name their visit by the inspected unit. */
export const visitOfUnit = (inspection: Inspection, organizationId: string): Visit => {
  const visit = inspection.visits.find((v) => v.organizationId === organizationId);
  if (!visit) throw new NotFoundError('Visit', `${inspection.id}/unit ${organizationId}`);
  return visit;
};


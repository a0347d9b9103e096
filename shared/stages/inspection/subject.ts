import type { SubjectRef } from '#shared/subject-ref.js';

/** An inspection is its own subject (partition `INSPECTION#<id>`): its stage, steps and trail live there. */
export const inspectionSubject = (id: string): SubjectRef => ({ type: 'inspection', id });

/** One inspection, one stage: confirmations, invites, visits, findings and remediation. */
export const INSPECTION_STAGE = { kind: 'inspection', instance: '1', id: 'inspection-1' } as const;

/** What a step can belong to. Plans, reviews and cascades live under their program; inspections are their own. */
export const subjectTypes = ['program', 'inspection'] as const;
export type SubjectType = (typeof subjectTypes)[number];
export interface SubjectRef {
  readonly type: SubjectType;
  readonly id: string;
}

/** The partition key of a subject: its record, stages, steps and audit trail live there. */
export const subjectPartition = (subject: SubjectRef): string => `${subject.type.toUpperCase()}#${subject.id}`;

export const programSubject = (id: string): SubjectRef => ({ type: 'program', id });

import { nowMs } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { ConflictError } from '#shared/errors.js';
import { getProgramRecord, programChange } from '#shared/store/programs.js';
import { startStage } from '#shared/stages/lifecycle/executions.js';
import { getStageRecord } from '#shared/store/stages.js';
import { programSubject } from '#shared/subject-ref.js';

export const COSIGN_STAGE = { kind: 'cosign', instance: '1', id: 'cosign-1' } as const;

/** Starts the draft-review and co-sign stage of a draft; submitting again while it runs changes nothing. */
export const submitProgram = async (deps: Deps, programId: string) => {
  const subject = programSubject(programId);
  const [program, stage] = await Promise.all([getProgramRecord(deps.db, programId), getStageRecord(deps.db, subject, COSIGN_STAGE.id)]);
  if (program.status !== 'draft' || (stage && stage.status !== 'running')) {
    throw new ConflictError(`Program '${programId}' is ${program.status}; only a draft that is not yet submitted can be submitted.`);
  }
  const writes = stage
    ? []
    : [
        programChange(deps.db, program, { submittedAt: new Date(nowMs()).toISOString() }),
        deps.db.auditEvent(programId, { kind: 'program_submitted', detail: { documentVersion: program.documentVersion } }),
      ];
  const { execution } = await startStage(deps, subject, COSIGN_STAGE.kind, COSIGN_STAGE.instance, writes, stage);
  return { id: programId, status: 'submitted', execution };
};

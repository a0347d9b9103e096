import type { Deps } from '#shared/deps.js';
import { logger } from '#shared/observability.js';
import { getStageRecord, listStageRecords, type StageRecord, stageChange } from '#shared/store/stages.js';
import { isConditionFailure } from '#shared/store/table.js';
import { loadStepContext, emailAboutStep } from '#shared/steps/notify.js';
import { listSteps } from '#shared/steps/queries.js';
import type { SubjectRef } from '#shared/subject-ref.js';
import { cancelOpenSteps } from './bookkeeping.js';
import { stopExecution } from './executions.js';
import { cancelScheduledMilestones } from './milestones.js';

/** Why a subject ended, as its trail and the withdrawal notices say it. */
export interface Ending {
  /** English, for the trail: `final review approved`, `every visit cancelled`, … */
  readonly reason: string;
  /** Vietnamese, for the notices: "Chương trình đã kết thúc …". */
  readonly reasonVi: string;
  /** The stage whose own task ends the subject (it finishes itself): left running. */
  readonly exceptStageId?: string;
  readonly actorId?: string;
}

export interface EndingResult {
  readonly stagesEnded: string[];
  readonly stepsWithdrawn: string[];
  readonly milestonesCancelled: number;
}

/**
 * Ends everything still running under a subject that has ended (a program closed or cancelled, an
 * inspection plan with no visit left): every running stage is marked ended and its execution
 * stopped, every open step is withdrawn (it leaves the pending and late indexes, so no reminder,
 * escalation or digest names it again) and its assignee gets one short notice, and milestones not
 * yet due are cancelled, so the daily tick starts nothing. Idempotent: each write holds only while
 * its item is still running, open or scheduled, so a retried pass ends and tells nobody twice.
 */
export const endSubject = async (deps: Deps, subject: SubjectRef, ending: Ending): Promise<EndingResult> => {
  const stages = (await listStageRecords(deps.db, subject)).filter((stage) => stage.status === 'running' && stage.stageId !== ending.exceptStageId);
  const stagesEnded: string[] = [];
  for (const stage of stages) {
    if (await endStage(deps, subject, stage, ending)) stagesEnded.push(stage.stageId);
    // Stopped after the record says ended: a stop event of an ended stage is no failure (stopped.ts).
    await stopExecution(deps, stage);
  }
  const open = (await listSteps(deps.db, subject)).filter((step) => step.status === 'open' && step.stageId !== ending.exceptStageId);
  const withdrawn = await cancelOpenSteps(deps, subject, open, ending.reason);
  for (const step of withdrawn) {
    try {
      const context = await loadStepContext(deps, step);
      await emailAboutStep(deps, context, { purpose: 'withdrawn', to: context.assignee, link: 'none', capped: false, reason: ending.reasonVi });
    } catch (error) {
      // The step is withdrawn either way; a notice that could not be sent is on the trail (email_failed) or in the log.
      logger.error('Withdrawal notice not sent', { stepId: step.stepId, error: error as Error });
    }
  }
  const milestonesCancelled = subject.type === 'program' ? await cancelScheduledMilestones(deps, subject.id, ending.reason) : 0;
  return { stagesEnded, stepsWithdrawn: withdrawn.map((step) => step.stepId), milestonesCancelled };
};

/**
 * Marks one running stage ended; false when it finished or ended meanwhile. A stage its own task
 * changed meanwhile (a new round) is read again: the change checks the record's lock.
 */
const endStage = async (deps: Deps, subject: SubjectRef, stage: StageRecord, ending: Ending): Promise<boolean> => {
  let current: StageRecord | undefined = stage;
  for (let attempt = 0; attempt < 5 && current?.status === 'running'; attempt += 1) {
    try {
      await deps.db.transact([
        stageChange(deps.db, subject, current, { status: 'cancelled' }),
        deps.db.auditEvent(subject, { kind: 'stage_ended', actorId: ending.actorId, detail: { stageId: current.stageId, reason: ending.reason } }),
      ]);
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      current = await getStageRecord(deps.db, subject, stage.stageId);
    }
  }
  return false;
};

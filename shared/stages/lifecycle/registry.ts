import type { Program } from '#shared/programs/model.js';

/** A day a program's later stage falls due, e.g. `annual_plan_2027` on 2026-12-01. */
export interface Milestone {
  readonly kind: string;
  readonly dueDate: string;
  readonly year?: number;
}

/**
 * What the lifecycle needs to know of a stage: its name (the stage kind in records, its state
 * machine's name) and, for the stages the daily tick starts, the milestones a newly signed program
 * gets and which instance each starts. Each stage registers itself from its folder's `register.ts`;
 * the lifecycle names no stage.
 */
export interface StageDefinition {
  readonly name: string;
  /** The milestones of a program signed at `signedMs`, none of them already past. */
  readonly milestones?: (program: Pick<Program, 'period'>, signedMs: number) => readonly Milestone[];
  /** The instance a milestone of this stage starts (`2027` for `annual_plan_2027`); undefined when not this stage's. */
  readonly instanceFor?: (milestoneKind: string) => string | undefined;
}

const stages = new Map<string, StageDefinition>();

export const registerStage = (stage: StageDefinition): void => {
  const existing = stages.get(stage.name);
  if (existing === stage) return;
  if (existing) throw new Error(`Stage '${stage.name}' is already registered.`);
  stages.set(stage.name, stage);
};

export const registeredStages = (): readonly StageDefinition[] => [...stages.values()];

/** Which stage, and which instance of it, a milestone starts: none for a milestone no registered stage claims. */
export const stageForMilestone = (milestoneKind: string): { stageKind: string; instance: string } | undefined => {
  for (const stage of stages.values()) {
    const instance = stage.instanceFor?.(milestoneKind);
    if (instance !== undefined) return { stageKind: stage.name, instance };
  }
  return undefined;
};

import { aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageMachineFunctions, StageSpec } from '../../../workflows/stage-spec.js';
import { stageParts } from '../../../workflows/stage-parts.js';

/**
 * The cascade of a signed program to its subordinate units, one execution per program (input
 * `{ subjectType, subjectId, stageId }`): every unit gets its draft program, pre-filled from the
 * parent's, and its focal point is asked in parallel to have it prepared and signed. Each unit's
 * step stays open, reminded and escalated, until the unit's program is signed: that activation
 * completes the step. When every unit has signed, the stage finishes. A resumed execution plans
 * again: nothing is created twice and open steps are found again.
 */
export const cascadeDefinition = (scope: Construct, props: StageMachineFunctions): sfn.IChainable => {
  const { stageTask, eachAssignment, humanStep } = stageParts(scope, props);

  const plan = stageTask("Plan the units and create their draft programs", 'plan', '$.plan');
  const everyUnit = eachAssignment('Every unit has its program signed', '$.plan.assignments', '$.plan.number').itemProcessor(
    humanStep('prepare_program', 'Unit program').next(
      new sfn.Succeed(scope, 'The unit signed its program'),
    ),
  );
  const finish = stageTask('Finish the cascade', 'finish', '$.finished');
  return plan.next(everyUnit).next(finish).next(new sfn.Succeed(scope, 'Every unit has signed'));
};

export const cascadeStage: StageSpec = {
  name: 'cascade',
  subjectType: 'program',
  folder: 'cascade',
  id: 'Cascade',
  description: 'Cascade of a signed program to its subordinate units, each signing its own',
  taskDescription: 'Bookkeeping of the cascade: the units and their draft programs',
  definition: cascadeDefinition,
  // A program's activation starts its cascade, and a unit program's activation completes its parent's cascade step.
  startedBy: ['programsApi', { stage: 'cosign' }],
  completedBy: [{ stage: 'cosign' }],
};

import { aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageMachineFunctions, StageSpec } from '../../../workflows/stage-spec.js';
import { humanStepInput as stepInput, outcomeIs, stageParts } from '../../../workflows/stage-parts.js';

/**
 * One year's plan (input `{ subjectType, subjectId, stageId }`, started by the daily tick when the
 * plan's milestone falls due): the lead party's focal point drafts the tasks; every other party's
 * reviewer approves or returns it in parallel, one return sending it back to the drafter for a new
 * round; when the program asks for signed plans every head signs, one refusal returning it too;
 * then the plan is approved. A resumed execution enters where the plan's record says it stands;
 * an execution that is no longer the one the stage record names stops at once.
 */
export const annualPlanDefinition = (scope: Construct, props: StageMachineFunctions): sfn.IChainable => {
  const { stageTask, eachAssignment, humanStep } = stageParts(scope, props);

  const startDrafting = stageTask('Start a drafting round', 'startDrafting', '$.round');
  const draft = new sfn.Pass(scope, 'Ask the lead focal point to draft the plan', { parameters: stepInput('$.round.number', '$.round.assignment') }).next(
    humanStep('draft_plan', 'Plan draft'),
  );

  const startReview = stageTask('Open the review of the plan', 'startReview', '$.round');
  const reviews = eachAssignment('Every other party reviews the plan').itemProcessor(
    humanStep('review_plan', 'Plan review').next(
      new sfn.Choice(scope, 'Did the party approve the plan?')
        .when(outcomeIs('approved'), new sfn.Succeed(scope, 'The party approved the plan'))
        .otherwise(new sfn.Fail(scope, 'The party returned the plan', { error: 'PlanReturned' })),
    ),
  );

  const startSigning = stageTask('Open the signing of the plan, if asked', 'startSigning', '$.round');
  const signatures = eachAssignment("Every party's head signs the plan").itemProcessor(
    humanStep('sign_plan', 'Plan signature').next(
      new sfn.Choice(scope, 'Did the head sign the plan?')
        .when(outcomeIs('signed'), new sfn.Succeed(scope, 'The head signed the plan'))
        .otherwise(new sfn.Fail(scope, 'The head refused to sign the plan', { error: 'PlanSignatureRefused' })),
    ),
  );

  const returnToDrafter = stageTask('Return the plan to the drafter', 'returnToDrafter', '$.returned');
  const approve = stageTask('Approve the plan', 'approve', '$.approval');
  const approved = new sfn.Succeed(scope, 'The plan is approved');

  reviews.addCatch(returnToDrafter, { errors: ['PlanReturned'], resultPath: '$.returnedBy' });
  signatures.addCatch(returnToDrafter, { errors: ['PlanSignatureRefused'], resultPath: '$.returnedBy' });
  returnToDrafter.next(startDrafting);

  startDrafting.next(draft);
  draft.next(startReview);
  startReview.next(reviews).next(startSigning).next(
    new sfn.Choice(scope, 'Do the heads sign the plan?').when(sfn.Condition.booleanEquals('$.round.required', true), signatures).otherwise(approve),
  );
  signatures.next(approve);
  approve.next(approved);

  const standsAt = (place: string) => sfn.Condition.stringEquals('$.resume.at', place);
  return stageTask('Find where the plan stands', 'whereToResume', '$.resume', { execution: sfn.JsonPath.stringAt('$$.Execution.Name') }).next(
    new sfn.Choice(scope, 'Where does the plan stand?')
      .when(standsAt('review'), startReview)
      .when(standsAt('signing'), startSigning)
      .when(standsAt('approval'), approve)
      .when(standsAt('nothing'), new sfn.Succeed(scope, 'The plan has left this stage'))
      .when(standsAt('superseded'), new sfn.Succeed(scope, 'Another execution drives this plan'))
      .otherwise(startDrafting),
  );
};

export const annualPlanStage: StageSpec = {
  name: 'annual_plan',
  subjectType: 'program',
  folder: 'annual-plan',
  id: 'AnnualPlan',
  description: 'One year of a program: its coordination plan drafted, reviewed by every party, signed when asked',
  taskDescription: 'Bookkeeping of an annual plan: drafting rounds, review, signatures, approval',
  definition: annualPlanDefinition,
  // The daily tick starts it; staff resume it (POST /v1/programs/{id}/resume).
  startedBy: ['milestoneTick', 'programsApi'],
};

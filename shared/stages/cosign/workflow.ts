import { aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageMachineFunctions, StageSpec } from '../../../workflows/stage-spec.js';
import { humanStepInput as stepInput, outcomeIs, stageParts, stageSubject } from '../../../workflows/stage-parts.js';

/**
 * Draft review and co-sign, one execution per program submission (input `{ subjectType, subjectId,
 * stageId }`): every other party reviews the draft in parallel; one return sends it back to the
 * drafter, who revises and resubmits; when all approve, every party's head signs in parallel; one
 * refusal returns it to the drafter too; all signed activates the program and writes its milestones.
 * A resumed execution enters at the place the program's records say it stands.
 */
export const draftAndCosignDefinition = (scope: Construct, props: StageMachineFunctions): sfn.IChainable => {
  const { stageTask, eachAssignment, humanStep } = stageParts(scope, props);

  const startReview = stageTask('Start the review round', 'startReview', '$.round');
  const reviews = eachAssignment('Every other party reviews the draft', '$.round.assignments').itemProcessor(
    humanStep('review_draft', 'Draft review').next(
      new sfn.Choice(scope, 'Did the party approve?')
        .when(outcomeIs('approved'), new sfn.Succeed(scope, 'The party approved'))
        .otherwise(new sfn.Fail(scope, 'The party returned the draft', { error: 'DraftReturned' })),
    ),
  );

  const startSigning = stageTask('Open the signing', 'startSigning', '$.round');
  const signatures = eachAssignment("Every party's head signs", '$.round.assignments').itemProcessor(
    humanStep('sign', 'Signature').next(
      new sfn.Choice(scope, 'Did the head sign?')
        .when(outcomeIs('signed'), new sfn.Succeed(scope, 'The head signed'))
        .otherwise(new sfn.Fail(scope, 'The head refused to sign', { error: 'SignatureRefused' })),
    ),
  );

  const returnToDrafter = stageTask('Return the draft to the drafter', 'returnToDrafter', '$.revision');
  const keepStageOnly = new sfn.Pass(scope, 'Begin a new round with the revised draft', {
    parameters: stageSubject,
  });

  reviews.addCatch(returnToDrafter, { errors: ['DraftReturned'], resultPath: '$.returned' });
  signatures.addCatch(returnToDrafter, { errors: ['SignatureRefused'], resultPath: '$.returned' });
  returnToDrafter
    .next(new sfn.Pass(scope, 'Ask the drafter to revise', { parameters: stepInput('$.revision.round', '$.revision.assignment') }))
    .next(humanStep('revise', 'Revision'))
    .next(keepStageOnly)
    .next(startReview);

  const activateProgram = stageTask('Activate the program', 'activate', '$.activation');
  startReview.next(reviews).next(startSigning).next(signatures).next(activateProgram).next(new sfn.Succeed(scope, 'The program is signed and active'));

  // A resumed stage (after a failure, or a local restart) starts here too: every task is idempotent, so
  // entering at the program's recorded place replays what was done without doing it twice.
  const standsAt = (place: string) => sfn.Condition.stringEquals('$.resume.at', place);
  return stageTask('Find where the stage stands', 'whereToResume', '$.resume').next(
    new sfn.Choice(scope, 'Where does the stage stand?')
      .when(standsAt('signing'), startSigning)
      .when(standsAt('revision'), returnToDrafter)
      .when(standsAt('activation'), activateProgram)
      .when(standsAt('nothing'), new sfn.Succeed(scope, 'The program has left this stage'))
      .otherwise(startReview),
  );
};

export const cosignStage: StageSpec = {
  name: 'cosign',
  subjectType: 'program',
  folder: 'cosign',
  id: 'Cosign',
  description: 'Draft review and co-sign of one coordination program',
  taskDescription: 'Bookkeeping of the draft and co-sign stage',
  definition: draftAndCosignDefinition,
  // A unit's focal point sends the unit's program into its co-sign from their page (a cascade step).
  startedBy: ['programsApi', 'actionLinks'],
  // Activation writes every stage's milestones.
  readsOtherStages: true,
};

import { aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import { retryTransientFailures } from '../../../workflows/retries.js';
import type { Construct } from 'constructs';
import type { StageMachineFunctions, StageSpec } from '../../../workflows/stage-spec.js';
import { humanStepInput as stepInput, outcomeIs, stageParts } from '../../../workflows/stage-parts.js';

/**
 * One review — annual, mid-term or final (input `{ subjectType, subjectId, stageId }`, started by
 * the daily tick when its milestone falls due): every party's focal point reports in parallel; the
 * lead party's focal point sets the conference and every head and focal point is sent the invite;
 * after it the lead party records the outcome and awards (or moves the conference: an updated
 * invite; or cancels it: a cancellation, then a new conference); every head approves the outcome,
 * one return sending it back; then the review is approved (a final one may create the next
 * period's draft). A resumed execution enters where the review's record says it stands.
 */
export const reviewDefinition = (scope: Construct, props: StageMachineFunctions): sfn.IChainable => {
  const { stageTask, eachAssignment, humanStep } = stageParts(scope, props);
  const withDecision = { decision: sfn.JsonPath.objectAt('$.decision') };
  const askLead = (name: string) => new sfn.Pass(scope, name, { parameters: stepInput('$.round.number', '$.round.assignment') });

  const startReports = stageTask('Start the review: every party reports', 'startReports', '$.round');
  const reports = eachAssignment("Every party's focal point reports").itemProcessor(
    humanStep('submit_report', 'Report').next(new sfn.Succeed(scope, 'The party reported')),
  );

  const startConference = stageTask('Ask the lead party to set the conference', 'startConference', '$.round');
  const setConference = askLead('The lead focal point sets the conference').next(humanStep('set_conference', 'Conference'));
  const sendInvites = stageTask('Send the invites', 'sendInvites', '$.invites', { stepId: sfn.JsonPath.stringAt('$.step.stepId'), ...withDecision });

  const startOutcome = stageTask('Ask the lead party for the outcome', 'startOutcome', '$.round');
  const whatDidTheLeadDo = new sfn.Choice(scope, 'What did the lead party do?');
  const outcome = askLead('The lead focal point records the outcome').next(humanStep('record_outcome', 'Outcome')).next(whatDidTheLeadDo);
  const finalOutcome = askLead('The lead focal point records the final outcome').next(humanStep('record_final_outcome', 'Final outcome')).next(whatDidTheLeadDo);
  const cancelConference = stageTask('Cancel the conference', 'cancelConference', '$.cancellation', withDecision);

  const startApproval = stageTask('Send the outcome to the heads', 'startApproval', '$.round', withDecision);
  const approvals = eachAssignment("Every party's head approves the outcome").itemProcessor(
    humanStep('approve_outcome', 'Outcome approval').next(
      new sfn.Choice(scope, 'Did the head approve the outcome?')
        .when(outcomeIs('approved'), new sfn.Succeed(scope, 'The head approved the outcome'))
        .otherwise(new sfn.Fail(scope, 'The head returned the outcome', { error: 'OutcomeReturned' })),
    ),
  );
  const finish = stageTask('Approve the review', 'finish', '$.finished');
  // A final review's approval closed the program: what still runs under it ends, its requests withdrawn.
  const endProgram = new tasks.LambdaInvoke(scope, 'End what still runs under the closed program', {
    lambdaFunction: props.ending,
    payloadResponseOnly: true,
    payload: sfn.TaskInput.fromObject({
      subjectType: sfn.JsonPath.stringAt('$.subjectType'),
      subjectId: sfn.JsonPath.stringAt('$.subjectId'),
      reason: 'final review approved',
      reasonVi: 'chương trình đã được tổng kết và kết thúc',
    }),
    resultPath: '$.ended',
  });
  retryTransientFailures(endProgram);
  const approved = new sfn.Succeed(scope, 'The review is approved');

  startReports.next(reports).next(startConference);
  startConference.next(setConference);
  setConference.next(sendInvites).next(startOutcome);
  startOutcome.next(new sfn.Choice(scope, 'Is it the final review?').when(sfn.Condition.booleanEquals('$.round.final', true), finalOutcome).otherwise(outcome));
  whatDidTheLeadDo.when(outcomeIs('rescheduled'), startConference).when(outcomeIs('cancelled'), cancelConference).otherwise(startApproval);
  cancelConference.next(startConference);
  approvals.addCatch(startOutcome, { errors: ['OutcomeReturned'], resultPath: '$.returnedBy' });
  startApproval.next(approvals).next(finish).next(
    new sfn.Choice(scope, 'Did the review close the program?').when(sfn.Condition.booleanEquals('$.finished.closedProgram', true), endProgram.next(approved)).otherwise(approved),
  );

  const standsAt = (place: string) => sfn.Condition.stringEquals('$.resume.at', place);
  return stageTask('Find where the review stands', 'whereToResume', '$.resume', { execution: sfn.JsonPath.stringAt('$$.Execution.Name') }).next(
    new sfn.Choice(scope, 'Where does the review stand?')
      .when(standsAt('conference'), startConference)
      .when(standsAt('outcome'), startOutcome)
      // The outcome is recorded already: the approval opens again from the review's record, no decision needed.
      .when(standsAt('approval'), new sfn.Pass(scope, 'Resume the approval', { result: sfn.Result.fromObject({}), resultPath: '$.decision' }).next(startApproval))
      .when(standsAt('finishing'), finish)
      .when(standsAt('nothing'), new sfn.Succeed(scope, 'The review has left this stage'))
      .when(standsAt('superseded'), new sfn.Succeed(scope, 'Another execution drives this review'))
      .otherwise(startReports),
  );
};

export const reviewStage: StageSpec = {
  name: 'review',
  subjectType: 'program',
  folder: 'review',
  id: 'Review',
  description: 'One review of a program (annual, mid-term, final): reports with figures, conference, outcome and awards, renewal',
  taskDescription: 'Bookkeeping of a review: reports, conference invites, outcome, approval, renewal',
  definition: reviewDefinition,
  // The conference invites (with their calendar files) go out from the review's own task.
  startedBy: ['milestoneTick', 'programsApi'],
  sendsEmail: true,
};

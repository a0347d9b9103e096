import { aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageMachineFunctions, StageSpec } from '../../../workflows/stage-spec.js';
import { retryTransientFailures } from '../../../workflows/retries.js';
import { humanStepInput as stepInput, stageParts, stageSubject as subject } from '../../../workflows/stage-parts.js';

/**
 * One interagency inspection, one execution (input `{ subjectType, subjectId, stageId }`):
 * 1. every agency's focal point confirms its members, or proposes a substitute; a refused
 *    substitute (booked meanwhile) asks the focal point again, a sound one takes the member's place;
 * 2. then every visit runs in parallel: the inspected unit's head and focal point get a calendar
 *    invite, reminders 7 and 1 working days before, an updated invite when the visit moves and a
 *    cancellation when it is cancelled (the branch waits for the next instant or for the change);
 * 3. after each visit the team lead submits findings and recommendations, and the unit reports on
 *    each recommendation by its deadline (late, the escalation ladder climbs to the central commission);
 * 4. every visit done or cancelled closes the plan.
 * A resumed execution enters where the plan's status says it stands.
 */
export const inspectionDefinition = (scope: Construct, props: StageMachineFunctions): sfn.IChainable => {
  const { stageTask, eachAssignment, humanStep } = stageParts(scope, { ...props, subjectIdField: 'inspectionId' });
  const visitTask = (name: string, operation: string, resultPath: string) => stageTask(name, operation, resultPath, { visitId: sfn.JsonPath.stringAt('$.visitId') });
  const eachItem = (name: string, itemsPath: string) => eachAssignment(name, itemsPath, '$$.Map.Item.Value.round', '$$.Map.Item.Value.assignment');

  // 1. Confirmations: one branch per agency, looping while a proposed substitute is refused.
  const startConfirmation = stageTask('Ask each agency to confirm its members', 'startConfirmation', '$.confirmation');
  const confirm = humanStep('confirm_members', 'Confirmation');
  const applyAnswer = stageTask("Apply the agency's answer", 'applyConfirmation', '$.applied', {
    round: sfn.JsonPath.numberAt('$.round'),
    agencyId: sfn.JsonPath.stringAt('$.assignment.partyOrganizationId'),
    decision: sfn.JsonPath.objectAt('$.decision'),
  });
  const askAgain = new sfn.Pass(scope, 'Ask the agency again: its substitute was refused', { parameters: stepInput('$.applied.round', '$.assignment') });
  confirm.next(applyAnswer).next(
    new sfn.Choice(scope, 'Is the agency confirmed?').when(sfn.Condition.booleanEquals('$.applied.confirmed', true), new sfn.Succeed(scope, 'The agency confirmed its members')).otherwise(askAgain),
  );
  askAgain.next(confirm);
  const confirmations = eachItem('Every agency confirms its members', '$.confirmation.assignments').itemProcessor(confirm);

  // 2–3. Visits: notices and waits until the findings, then remediation of each recommendation.
  const startVisits = stageTask('Confirm the plan and start every visit', 'startVisits', '$.visitList');
  const lookAtVisit = visitTask('Look at the visit and send what is due', 'visitNext', '$.next');
  const park = new tasks.LambdaInvoke(scope, 'Wait for the next reminder, the findings, or a change to the visit', {
    lambdaFunction: props.stage,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({
      operation: 'parkVisit',
      inspectionId: sfn.JsonPath.stringAt('$.subjectId'),
      visitId: sfn.JsonPath.stringAt('$.visitId'),
      sequence: sfn.JsonPath.numberAt('$.next.sequence'),
      taskToken: sfn.JsonPath.taskToken,
    }),
    taskTimeout: sfn.Timeout.at('$.next.waitSeconds'),
    resultPath: sfn.JsonPath.DISCARD,
  });
  retryTransientFailures(park);
  park.addCatch(lookAtVisit, { errors: ['States.Timeout'], resultPath: sfn.JsonPath.DISCARD });
  park.next(lookAtVisit);

  const askFindings = new sfn.Pass(scope, 'Ask the team lead for the findings', { parameters: { ...stepInput('$.next.round', '$.next.assignment'), visitId: sfn.JsonPath.stringAt('$.visitId') } });
  const startRemediation = visitTask('Ask the unit to report on each recommendation', 'startRemediation', '$.remediation');
  const remediation = eachItem('Every recommendation is reported on', '$.remediation.items').itemProcessor(humanStep('report_remediation', 'Remediation'));
  askFindings
    .next(humanStep('submit_findings', 'Findings'))
    .next(startRemediation)
    .next(remediation)
    .next(visitTask('Record the visit as done', 'visitDone', sfn.JsonPath.DISCARD))
    .next(new sfn.Succeed(scope, 'The visit is done and reported on'));
  const moment = (value: string) => sfn.Condition.stringEquals('$.next.moment', value);
  lookAtVisit.next(
    new sfn.Choice(scope, 'What does the visit need now?').when(moment('findings'), askFindings).when(moment('wait'), park).otherwise(new sfn.Succeed(scope, 'The visit was cancelled')),
  );
  const visits = new sfn.Map(scope, 'Every visit: invite, remind, findings, remediation', {
    itemsPath: '$.visitList.visits',
    itemSelector: { ...subject, visitId: sfn.JsonPath.stringAt('$$.Map.Item.Value.visitId') },
    resultPath: sfn.JsonPath.DISCARD,
  }).itemProcessor(lookAtVisit);

  // 4. Closing.
  startConfirmation
    .next(confirmations)
    .next(startVisits)
    .next(visits)
    .next(stageTask('Close the plan', 'finish', sfn.JsonPath.DISCARD))
    .next(new sfn.Succeed(scope, 'The inspection is over'));

  const standsAt = (place: string) => sfn.Condition.stringEquals('$.resume.at', place);
  return stageTask('Find where the inspection stands', 'whereToResume', '$.resume').next(
    new sfn.Choice(scope, 'Where does the inspection stand?')
      .when(standsAt('visits'), startVisits)
      .when(standsAt('nothing'), new sfn.Succeed(scope, 'The inspection has left this stage'))
      .otherwise(startConfirmation),
  );
};

export const inspectionStage: StageSpec = {
  name: 'inspection',
  subjectType: 'inspection',
  folder: 'inspection',
  id: 'Inspection',
  description: 'One interagency inspection: confirmations, visit invites and reminders, findings, remediation',
  taskDescription: 'Bookkeeping of an inspection: confirmations, visit notices and waits, findings, remediation',
  definition: inspectionDefinition,
  // A moved or cancelled visit wakes its branch (the API), and a branch that finds its visit changed wakes itself.
  startedBy: ['inspectionsApi'],
  completedBy: ['inspectionsApi', { stage: 'inspection' }],
  sendsEmail: true,
};

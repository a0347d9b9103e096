import { ArnFormat, CfnOutput, Duration, aws_events as events, aws_events_targets as targets, aws_kms as kms, aws_logs as logs, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { cascadeDefinition } from '#shared/stages/cascade/workflow.js';
import { draftAndCosignDefinition } from '#shared/stages/cosign/workflow.js';
import { inspectionDefinition } from '#shared/stages/inspection/workflow.js';
import { annualPlanDefinition } from '#shared/stages/annual-plan/workflow.js';
import { reviewDefinition } from '#shared/stages/review/workflow.js';
import type { StageConfig } from './config.js';
import { acknowledgeStateMachineRoles } from './constructs/acknowledgments.js';
import { DeadLetterQueue } from './constructs/dead-letter-queue.js';
import { EmailEvents } from './constructs/email-events.js';
import { HouseFunction } from './constructs/house-function.js';
import { PublicApi } from './constructs/http-api.js';
import { LinkSigningKey } from './constructs/link-key.js';
import { Operations } from './constructs/operations.js';
import { StageMachine } from './constructs/stage-machine.js';
import { CoordinationTable } from './constructs/table.js';

export interface CoordinationStackProps extends StackProps {
  readonly config: StageConfig;
}

/** Everything one stage of the coordination-program system needs. */
export class CoordinationStack extends Stack {
  constructor(scope: Construct, id: string, props: CoordinationStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = config.removalPolicy;
    const coordination = new CoordinationTable(this, 'Coordination', { production: config.production, removalPolicy });
    const { table } = coordination;
    const linkKey = new LinkSigningKey(this, 'LinkSigningKey', { removalPolicy });
    const notificationsKey = new kms.Key(this, 'NotificationsKey', {
      description: 'Encrypts the SES-events and operator-alarm topics',
      enableKeyRotation: true,
      removalPolicy,
    });

    // One set of variables for every function (the local runtime runs them all in one process).
    const configurationSetName = `${this.stackName}-emails`;
    const environment = {
      TABLE_NAME: table.tableName,
      SENDER_ADDRESS: config.senderAddress,
      PUBLIC_BASE_URL: config.publicBaseUrl,
      LINK_KEY_SECRET_ID: linkKey.secret.secretArn,
      SES_CONFIGURATION_SET: configurationSetName,
      WORKING_CALENDAR: JSON.stringify(config.calendar),
      INSPECTION_MIN_INTERVAL_DAYS: String(config.inspectionMinIntervalDays),
    };
    const emailEvents = new EmailEvents(this, 'EmailEvents', {
      configurationSetName,
      senderAddress: config.senderAddress,
      key: notificationsKey,
      environment,
      removalPolicy,
    });
    const fn = (id: string, entry: string, description: string, deadLetterQueue?: DeadLetterQueue, timeout?: Duration) =>
      new HouseFunction(this, id, { entry, description, environment, removalPolicy, deadLetterQueue: deadLetterQueue?.queue, timeout });

    const directory = fn('DirectoryApi', 'functions/directory/handler.ts', 'Organizations and officials');
    const programs = fn('ProgramsApi', 'functions/programs/handler.ts', 'Programs: create, submit, read, audit trail');
    const actionLinks = fn('ActionLinks', 'functions/action-links/handler.ts', 'Pages behind the links in emails');
    const stepOpen = fn('StepOpen', 'functions/step-open/handler.ts', 'Opens a human step and emails the person');
    const stepWait = fn('StepWait', 'functions/step-wait/handler.ts', 'Hands a task token to a human step');
    const stepRemind = fn('StepRemind', 'functions/step-remind/handler.ts', 'Reminds, escalates, sends overdue notices');
    const cosignStage = fn('CosignStage', 'shared/stages/cosign/handler.ts', 'Bookkeeping of the draft and co-sign stage');
    const cascadeStage = fn('CascadeStage', 'shared/stages/cascade/handler.ts', 'Bookkeeping of the cascade: the units and their draft programs');
    const tickFailures = new DeadLetterQueue(this, 'MilestoneTickDeadLetters', {
      purpose: 'Daily milestone ticks that failed after retries',
      removalPolicy,
    });
    // On 1 and 15 December every active program's plan or review starts from one tick (shared/tick-budget.ts):
    // minutes, not seconds, of budget; the tick stops starting work 15 s before the end and its retry goes on.
    const milestoneTick = fn('MilestoneTick', 'functions/milestone-tick/handler.ts', 'Daily: opens the milestones that fall due', tickFailures, Duration.minutes(5));

    const senders = [actionLinks, stepOpen, stepRemind, emailEvents.handler];
    for (const f of [directory, programs, actionLinks, stepOpen, stepWait, stepRemind, cosignStage, milestoneTick, emailEvents.handler]) {
      coordination.grantItemAccess(f);
    }
    for (const f of senders) linkKey.secret.grantRead(f);
    for (const f of senders) emailEvents.grantSend(f);
    coordination.grantItemAccess(cascadeStage);
    // The weekly digests (late steps; a cascade's table of units, with a view-only link) go out from the daily tick.
    linkKey.secret.grantRead(milestoneTick);
    emailEvents.grantSend(milestoneTick);

    const workflowLogs = new logs.LogGroup(this, 'WorkflowLogs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy });
    const humanStep = { open: stepOpen, wait: stepWait, remind: stepRemind };
    const completers = [actionLinks, stepWait];
    new StageMachine(this, 'DraftAndCosignStage', {
      stageKind: 'cosign',
      machineName: 'draft-and-cosign',
      machineId: 'DraftAndCosign',
      description: 'Draft review and co-sign of one coordination program',
      definition: (scope) => draftAndCosignDefinition(scope, { humanStep, stage: cosignStage }),
      logs: workflowLogs,
      // A unit's focal point sends the unit's program into its co-sign from their page (a cascade step).
      starters: [programs, actionLinks],
      completers,
    });
    new StageMachine(this, 'CascadeToUnitsStage', {
      stageKind: 'cascade',
      machineName: 'cascade',
      machineId: 'CascadeToUnits',
      description: 'Cascade of a signed program to its subordinate units, each signing its own',
      definition: (scope) => cascadeDefinition(scope, { humanStep, stage: cascadeStage }),
      logs: workflowLogs,
      // A program's activation starts its cascade, and a unit program's activation completes its parent's cascade step.
      starters: [programs, cosignStage],
      completers: [...completers, cosignStage],
    });

    // Interagency inspections: the API books a plan and starts its stage; the stage sends the visits' notices.
    const inspections = fn('InspectionsApi', 'functions/inspections/handler.ts', 'Inspections: plan with clash checks, read, list, reschedule, cancel');
    const inspectionStage = fn('InspectionStage', 'shared/stages/inspection/handler.ts', 'Bookkeeping of an inspection: confirmations, visit notices and waits, findings, remediation');
    for (const f of [inspections, inspectionStage]) coordination.grantItemAccess(f);
    emailEvents.grantSend(inspectionStage);
    new StageMachine(this, 'InterAgencyInspectionStage', {
      stageKind: 'inspection',
      machineName: 'inspection',
      machineId: 'InterAgencyInspection',
      description: 'One interagency inspection: confirmations, visit invites and reminders, findings, remediation',
      definition: (scope) => inspectionDefinition(scope, { humanStep, stage: inspectionStage }),
      logs: workflowLogs,
      starters: [inspections],
      // A moved or cancelled visit wakes its branch (the API), and a branch that finds its visit changed wakes itself.
      completers: [...completers, inspections, inspectionStage],
    });

    // A program's later stages: each year's plan and each review, started by the daily tick when their milestones fall due.
    const planStage = fn('PlanStage', 'shared/stages/annual-plan/handler.ts', 'Bookkeeping of an annual plan: drafting rounds, review, signatures, approval');
    const reviewStage = fn('ReviewStage', 'shared/stages/review/handler.ts', 'Bookkeeping of a review: reports, conference invites, outcome, approval, renewal');
    const programStages = fn('ProgramStagesApi', 'functions/program-stages/handler.ts', 'Plans and reviews of a program: read, figures as CSV, move a milestone');
    for (const f of [planStage, reviewStage, programStages]) coordination.grantItemAccess(f);
    // The conference invites (with their calendar files) go out from the review's own task.
    emailEvents.grantSend(reviewStage);
    const laterStageStarters = [milestoneTick, programs];
    new StageMachine(this, 'AnnualPlanStage', {
      stageKind: 'annual_plan',
      machineName: 'annual-plan',
      machineId: 'AnnualPlan',
      description: 'One year of a program: its coordination plan drafted, reviewed by every party, signed when asked',
      definition: (scope) => annualPlanDefinition(scope, { humanStep, stage: planStage }),
      logs: workflowLogs,
      // The daily tick starts it; staff resume it (POST /v1/programs/{id}/resume).
      starters: laterStageStarters,
      completers,
    });
    new StageMachine(this, 'ProgramReviewStage', {
      stageKind: 'review',
      machineName: 'review',
      machineId: 'ProgramReview',
      description: 'One review of a program (annual, mid-term, final): reports with figures, conference, outcome and awards, renewal',
      definition: (scope) => reviewDefinition(scope, { humanStep, stage: reviewStage }),
      logs: workflowLogs,
      starters: laterStageStarters,
      completers,
    });

    const api = new PublicApi(this, 'Public', {
      removalPolicy,
      routes: {
        'POST /v1/organizations': directory,
        'GET /v1/organizations/{id}': directory,
        'GET /v1/organizations/{id}/children': directory,
        'POST /v1/organizations:batch': directory,
        'POST /v1/officials:batch': directory,
        'POST /v1/officials': directory,
        'GET /v1/officials/{id}': directory,
        'GET /v1/officials/{id}/pending': directory,
        'POST /v1/programs': programs,
        'GET /v1/programs': programs,
        'POST /v1/programs/{id}/resume': programs,
        'POST /v1/programs/{id}/stages/{stageId}/resume': programs,
        'GET /v1/programs/{id}': programs,
        'POST /v1/programs/{id}/submit': programs,
        'GET /v1/programs/{id}/events': programs,
        'GET /v1/programs/{id}/cascade': programs,
        'GET /v1/programs/{id}/plans/{year}': programStages,
        'GET /v1/programs/{id}/reviews': programStages,
        'GET /v1/programs/{id}/reviews/{reviewId}': programStages,
        'GET /v1/programs/{id}/reviews/{reviewId}/figures.csv': programStages,
        'PATCH /v1/programs/{id}/milestones/{kind}': programStages,
        'POST /v1/inspections': inspections,
        'GET /v1/inspections': inspections,
        'GET /v1/inspections/{id}': inspections,
        'GET /v1/inspections/{id}/events': inspections,
        'POST /v1/inspections/{id}/visits/{visitId}/reschedule': inspections,
        'POST /v1/inspections/{id}/visits/{visitId}/cancel': inspections,
        'POST /v1/inspections/{id}/resume': inspections,
        'GET /a/{token}': actionLinks,
        'POST /a/{token}': actionLinks,
      },
      openRoutes: ['GET /a/{token}', 'POST /a/{token}'],
    });

    // A stage that stops (failed, timed out, stopped) says so on its subject's trail; the execution alarms say it to the operator.
    const stoppedFailures = new DeadLetterQueue(this, 'StageStoppedDeadLetters', { purpose: 'Stage stops that could not be put on a trail', removalPolicy });
    const stageStopped = fn('StageStopped', 'functions/stage-stopped/handler.ts', 'Puts a stage execution that stopped on its subject’s trail', stoppedFailures);
    coordination.grantItemAccess(stageStopped);
    new events.Rule(this, 'StageExecutionStopped', {
      description: 'A stage execution of this stack failed, timed out or was stopped',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: events.Match.prefix(this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: `${this.stackName}-`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })),
        },
      },
      targets: [new targets.LambdaFunction(stageStopped, { deadLetterQueue: stoppedFailures.queue, retryAttempts: 4 })],
    });

    new events.Rule(this, 'DailyMilestoneTick', {
      description: 'Every day at 07:00 Asia/Ho_Chi_Minh (00:00 UTC)',
      schedule: events.Schedule.cron({ minute: '0', hour: '0' }),
      targets: [new targets.LambdaFunction(milestoneTick, { deadLetterQueue: tickFailures.queue, retryAttempts: 4 })],
    });

    // Last: both look at everything above.
    acknowledgeStateMachineRoles(this);
    const operations = new Operations(this, 'Operations', { operatorEmail: config.operatorEmail, key: notificationsKey });

    // What the operator needs after `cdk deploy` (README, "Deploying to AWS").
    new CfnOutput(this, 'ApiUrl', { description: 'The HTTP API (publicBaseUrl when no custom domain)', value: api.api.apiEndpoint });
    new CfnOutput(this, 'DashboardUrl', { value: operations.dashboardUrl });
    new CfnOutput(this, 'OperatorTopicArn', { value: operations.topic.topicArn });
    new CfnOutput(this, 'LinkKeySecretArn', { value: linkKey.secret.secretArn });
    new CfnOutput(this, 'SesConfigurationSet', { value: configurationSetName });
  }
}

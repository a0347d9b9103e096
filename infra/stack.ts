import { ArnFormat, CfnOutput, Duration, aws_events as events, aws_events_targets as targets, aws_kms as kms, aws_logs as logs, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from './config.js';
import { type Registrations, registrationModules, stages } from './stages.js';
import type { StageCaller, StageSpec } from '../workflows/stage-spec.js';
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
      registers: registrationModules('register'),
      configurationSetName,
      senderAddress: config.senderAddress,
      key: notificationsKey,
      environment,
      removalPolicy,
    });
    // A function that looks up step kinds, stages or subjects is built with every stage's registrations
    // (infra/stages.ts), one that shows pages with their page side too; test/unit/bundle-registrations.test.ts
    // fails for a function that looks them up without them, or carries them without looking them up.
    const fn = (
      id: string,
      entry: string,
      description: string,
      options: { deadLetterQueue?: DeadLetterQueue; timeout?: Duration; registrations?: Registrations; serves?: StageSpec['subjectType'] } = {},
    ) =>
      new HouseFunction(this, id, {
        entry,
        description,
        environment,
        removalPolicy,
        deadLetterQueue: options.deadLetterQueue?.queue,
        timeout: options.timeout,
        registers: options.registrations ? registrationModules(options.registrations, options.serves) : undefined,
      });

    const directory = fn('DirectoryApi', 'functions/directory/handler.ts', 'Organizations and officials');
    const programs = fn('ProgramsApi', 'functions/programs/handler.ts', 'Programs: create, submit, read, audit trail', { registrations: 'register', serves: 'program' });
    const actionLinks = fn('ActionLinks', 'functions/action-links/handler.ts', 'Pages behind the links in emails', { registrations: 'pages' });
    const stepOpen = fn('StepOpen', 'functions/step-open/handler.ts', 'Opens a human step and emails the person', { registrations: 'register' });
    const stepWait = fn('StepWait', 'functions/step-wait/handler.ts', 'Hands a task token to a human step');
    const stepRemind = fn('StepRemind', 'functions/step-remind/handler.ts', 'Reminds, escalates, sends overdue notices', { registrations: 'register' });
    const tickFailures = new DeadLetterQueue(this, 'MilestoneTickDeadLetters', {
      purpose: 'Daily milestone ticks that failed after retries',
      removalPolicy,
    });
    // On 1 and 15 December every active program's plan or review starts from one tick (shared/tick-budget.ts):
    // minutes, not seconds, of budget; the tick stops starting work 15 s before the end and its retry goes on.
    const milestoneTick = fn('MilestoneTick', 'functions/milestone-tick/handler.ts', 'Daily: opens the milestones that fall due', {
      deadLetterQueue: tickFailures,
      timeout: Duration.minutes(5),
      registrations: 'register',
    });
    // Interagency inspections: the API books a plan and starts its stage.
    const inspections = fn('InspectionsApi', 'functions/inspections/handler.ts', 'Inspections: plan with clash checks, read, list, reschedule, cancel', {
      registrations: 'register',
      serves: 'inspection',
    });
    const programStages = fn('ProgramStagesApi', 'functions/program-stages/handler.ts', 'Plans and reviews of a program: read, figures as CSV, move a milestone', {
      registrations: 'register',
      serves: 'program',
    });

    const senders = [actionLinks, stepOpen, stepRemind, emailEvents.handler];
    for (const f of [directory, programs, actionLinks, stepOpen, stepWait, stepRemind, milestoneTick, emailEvents.handler, inspections, programStages]) {
      coordination.grantItemAccess(f);
    }
    for (const f of senders) linkKey.secret.grantRead(f);
    for (const f of senders) emailEvents.grantSend(f);
    // The weekly digests (late steps; a cascade's table of units, with a view-only link) go out from the daily tick.
    linkKey.secret.grantRead(milestoneTick);
    emailEvents.grantSend(milestoneTick);

    // Each stage of infra/stages.ts: its bookkeeping function, named after it, and its state machine.
    const stageFunctions = new Map(
      stages.map((stage) => {
        const task = fn(`${stage.id}Stage`, `shared/stages/${stage.folder}/handler.ts`, stage.taskDescription, {
          registrations: stage.readsOtherStages ? 'register' : undefined,
          serves: stage.subjectType,
        });
        coordination.grantItemAccess(task);
        if (stage.sendsEmail) emailEvents.grantSend(task);
        return [stage.name, task] as const;
      }),
    );
    const callers = { programsApi: programs, inspectionsApi: inspections, actionLinks, milestoneTick };
    const functionOf = (caller: StageCaller) => {
      if (typeof caller === 'string') return callers[caller];
      const task = stageFunctions.get(caller.stage);
      if (!task) throw new Error(`No stage '${caller.stage}' in infra/stages.ts.`);
      return task;
    };
    // Ends what still runs under a subject a stage closed; it words every stage's steps (the withdrawal notices).
    const subjectEnding = fn('SubjectEnding', 'functions/subject-ending/handler.ts', 'Ends the stages and withdraws the steps still open under a subject that ended', {
      registrations: 'register',
    });
    coordination.grantItemAccess(subjectEnding);
    emailEvents.grantSend(subjectEnding);
    linkKey.secret.grantRead(subjectEnding);
    const workflowLogs = new logs.LogGroup(this, 'WorkflowLogs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy });
    const humanStep = { open: stepOpen, wait: stepWait, remind: stepRemind };
    for (const stage of stages) {
      const task = stageFunctions.get(stage.name)!;
      new StageMachine(this, stage.id, {
        stageKind: stage.name,
        machineName: stage.folder,
        description: stage.description,
        definition: (scope) => stage.definition(scope, { humanStep, stage: task, ending: subjectEnding }),
        logs: workflowLogs,
        starters: stage.startedBy.map(functionOf),
        completers: [actionLinks, stepWait, ...(stage.completedBy ?? []).map(functionOf)],
        // A subject that ends (a program closed by its final review, a plan left without a visit) stops every stage under it.
        stoppers: [programs, inspections, subjectEnding, ...stageFunctions.values()],
      });
    }

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
    const stageStopped = fn('StageStopped', 'functions/stage-stopped/handler.ts', "Puts a stage execution that stopped on its subject's trail", {
      deadLetterQueue: stoppedFailures,
    });
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

    // What the operator needs after `cdk deploy` (docs/operations.md, "Deploying to AWS").
    new CfnOutput(this, 'ApiUrl', { description: 'The HTTP API (publicBaseUrl when no custom domain)', value: api.api.apiEndpoint });
    new CfnOutput(this, 'DashboardUrl', { value: operations.dashboardUrl });
    new CfnOutput(this, 'OperatorTopicArn', { value: operations.topic.topicArn });
    new CfnOutput(this, 'LinkKeySecretArn', { value: linkKey.secret.secretArn });
    new CfnOutput(this, 'SesConfigurationSet', { value: configurationSetName });
  }
}

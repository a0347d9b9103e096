import {
  ArnFormat,
  Duration,
  aws_events as events,
  aws_events_targets as targets,
  aws_iam as iam,
  aws_logs as logs,
  aws_secretsmanager as secretsmanager,
  aws_stepfunctions as sfn,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { draftAndCosignDefinition } from '../workflows/draft-and-cosign.js';
import type { StageConfig } from './config.js';
import { HouseFunction } from './constructs/house-function.js';
import { PublicApi } from './constructs/http-api.js';
import { CoordinationTable } from './constructs/table.js';

export interface CoordinationStackProps extends StackProps {
  readonly config: StageConfig;
}

/** Everything one stage of the coordination-program system needs. */
export class CoordinationStack extends Stack {
  constructor(scope: Construct, id: string, props: CoordinationStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { table } = new CoordinationTable(this, 'Coordination', {
      production: config.production,
      removalPolicy: config.removalPolicy,
    });

    const linkKey = new secretsmanager.Secret(this, 'LinkSigningKey', {
      description: 'HMAC keys that sign the action links in emails (JSON: activeKeyId, keys)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ activeKeyId: 'k1' }),
        generateStringKey: 'k1',
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: config.removalPolicy,
    });

    const draftAndCosignName = `${this.stackName}-draft-and-cosign`;
    // Built from the name, not the resource, because the functions the machine calls also complete its tasks.
    const draftAndCosignArn = this.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: draftAndCosignName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    const environment = {
      TABLE_NAME: table.tableName,
      SENDER_ADDRESS: config.senderAddress,
      PUBLIC_BASE_URL: config.publicBaseUrl,
      LINK_KEY_SECRET_ID: linkKey.secretArn,
    };
    const fn = (id: string, entry: string, description: string) =>
      new HouseFunction(this, id, { entry, description, environment, removalPolicy: config.removalPolicy });

    const directory = fn('DirectoryApi', 'functions/directory/handler.ts', 'Organizations and officials');
    const programs = fn('ProgramsApi', 'functions/programs/handler.ts', 'Programs: create, submit, read, audit trail');
    const actionLinks = fn('ActionLinks', 'functions/action-links/handler.ts', 'Pages behind the links in emails');
    const stepOpen = fn('StepOpen', 'functions/step-open/handler.ts', 'Opens a human step and emails the person');
    const stepWait = fn('StepWait', 'functions/step-wait/handler.ts', 'Hands a task token to a human step');
    const stepRemind = fn('StepRemind', 'functions/step-remind/handler.ts', 'Reminds, escalates, sends overdue notices');
    const cosignStage = fn('CosignStage', 'functions/cosign-stage/handler.ts', 'Bookkeeping of the draft and co-sign stage');

    const everyone = [directory, programs, actionLinks, stepOpen, stepWait, stepRemind, cosignStage];
    for (const f of everyone) table.grantReadWriteData(f);
    for (const f of [actionLinks, stepOpen, stepRemind]) linkKey.grantRead(f);
    for (const f of [actionLinks, stepOpen, stepRemind]) {
      f.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail', 'ses:SendRawEmail'],
          resources: [this.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
        }),
      );
    }
    for (const f of [actionLinks, stepWait]) {
      f.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resources: [draftAndCosignArn] }),
      );
    }

    const workflowLogs = new logs.LogGroup(this, 'WorkflowLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: config.removalPolicy,
    });
    const draftAndCosign = new sfn.StateMachine(this, 'DraftAndCosign', {
      stateMachineName: draftAndCosignName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: 'Draft review and co-sign of one coordination program',
      definitionBody: sfn.DefinitionBody.fromChainable(
        draftAndCosignDefinition(this, { humanStep: { open: stepOpen, wait: stepWait, remind: stepRemind }, stage: cosignStage }),
      ),
      timeout: Duration.days(365),
      tracingEnabled: true,
      logs: { destination: workflowLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    draftAndCosign.grantStartExecution(programs);
    programs.addEnvironment('DRAFT_AND_COSIGN_STATE_MACHINE_ARN', draftAndCosign.stateMachineArn);

    new PublicApi(this, 'Public', {
      routes: {
        'POST /v1/organizations': directory,
        'GET /v1/organizations/{id}': directory,
        'POST /v1/officials': directory,
        'GET /v1/officials/{id}': directory,
        'GET /v1/officials/{id}/pending': directory,
        'POST /v1/programs': programs,
        'GET /v1/programs/{id}': programs,
        'POST /v1/programs/{id}/submit': programs,
        'GET /v1/programs/{id}/events': programs,
        'GET /a/{token}': actionLinks,
        'POST /a/{token}': actionLinks,
      },
    });

    const milestoneTick = fn('MilestoneTick', 'functions/milestone-tick/handler.ts', 'Daily: opens the milestones that fall due');
    table.grantReadWriteData(milestoneTick);
    new events.Rule(this, 'DailyMilestoneTick', {
      description: 'Every day at 07:00 Asia/Ho_Chi_Minh (00:00 UTC)',
      schedule: events.Schedule.cron({ minute: '0', hour: '0' }),
      targets: [new targets.LambdaFunction(milestoneTick)],
    });
  }
}

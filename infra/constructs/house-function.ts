import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CfnResource,
  Duration,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_logs as logs,
  type aws_sqs as sqs,
  type RemovalPolicy,
  Validations,
} from 'aws-cdk-lib';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Template metadata key naming a function's source module; the local runtime imports it from there. */
export const ENTRY_METADATA_KEY = 'dvcp:entry';

/** Template metadata key listing the registration modules a function's bundle is built with (infra/stages.ts). */
export const REGISTERS_METADATA_KEY = 'dvcp:registers';

/** Powertools' `service` (its one default metric dimension) and the namespace of the custom metrics. */
export const SERVICE_NAME = 'dan-van-coordination';
export const METRICS_NAMESPACE = 'DanVanCoordination';

export interface HouseFunctionProps {
  /** Source module, relative to the repository root, exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly environment?: Record<string, string>;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default 512 MB */
  readonly memorySize?: number;
  readonly removalPolicy: RemovalPolicy;
  /**
   * Where asynchronous invocations (EventBridge, SNS, Secrets Manager) land after Lambda's two retries.
   * @default - none: the function is only invoked synchronously (API, Step Functions), whose caller sees the error
   */
  readonly deadLetterQueue?: sqs.IQueue;
  /**
   * Modules (relative to the repository root) bundled ahead of the entry for their side effects: the
   * stages' registrations of their step kinds and milestones, which no handler names itself.
   * @default none
   */
  readonly registers?: readonly string[];
}

/**
 * One module importing `registers` in their order, written where esbuild reads it, to inject: given
 * several files to inject, esbuild may emit one before a module it depends on.
 */
export const registrationsModule = (registers: readonly string[]): string => {
  const source = registers.map((module) => `import ${JSON.stringify(path.join(PROJECT_ROOT, module))};\n`).join('');
  const file = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'dvcp', `registrations-${createHash('sha256').update(source).digest('hex').slice(0, 12)}.ts`);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, source);
  }
  return file;
};

/**
 * Every function of the system: Node 22 on arm64, ESM bundle with source maps, JSON logs kept 90 days,
 * X-Ray on, and its own role that may write only to its own log group (no AWS managed policy, whose
 * `logs:*` on `*` would let a function write into any log group of the account).
 */
export class HouseFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: props.removalPolicy,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${id}: ${props.description}`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup,
      role,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: props.deadLetterQueue ? 2 : undefined,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        ...props.environment,
      },
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        sourceMap: true,
        minify: true,
        banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        inject: props.registers?.length ? [registrationsModule(props.registers)] : undefined,
      },
    });
    (this.node.defaultChild as CfnResource).addMetadata(ENTRY_METADATA_KEY, props.entry);
    if (props.registers?.length) (this.node.defaultChild as CfnResource).addMetadata(REGISTERS_METADATA_KEY, props.registers);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) is granted on "*": X-Ray supports no resource-level permissions. test/unit/operations.test.ts fails if any other action gets "*".',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned on purpose to nodejs22.x, an LTS runtime Lambda patches until 2027; the bundle targets node22 and the suite tests it. Moving to a newer runtime is a deliberate, tested upgrade, not drift.',
    });
  }
}

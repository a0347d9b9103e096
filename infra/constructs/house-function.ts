import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CfnResource, Duration, type RemovalPolicy, aws_lambda as lambda, aws_logs as logs } from 'aws-cdk-lib';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Template metadata key naming a function's source module; the local runtime imports it from there. */
export const ENTRY_METADATA_KEY = 'dvcp:entry';

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
}

/** Every function of the system: Node 22 on arm64, ESM bundle with source maps, JSON logs kept 90 days, X-Ray on. */
export class HouseFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: props.removalPolicy,
    });
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
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'dan-van-coordination',
        POWERTOOLS_METRICS_NAMESPACE: 'DanVanCoordination',
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
      },
    });
    (this.node.defaultChild as CfnResource).addMetadata(ENTRY_METADATA_KEY, props.entry);
  }
}

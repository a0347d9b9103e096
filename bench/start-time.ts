import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../infra/constructs/house-function.js';
import { median } from './stats.js';

const freePort = async (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * One `npm start` as a newcomer types it (preflight included), in its own process group with its
 * own data directory and ports: milliseconds until it prints that it is up, then it is stopped
 * with SIGTERM (as Ctrl+C does) and awaited, so DynamoDB Local is gone before the next run.
 */
const startOnce = async (dataDir: string): Promise<number> => {
  const [apiPort, sesPort] = [await freePort(), await freePort()];
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOCAL_DATA_DIR: dataDir, API_PORT: String(apiPort), SES_PORT: String(sesPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start printed no "is up" within 120 s:\n${output.slice(-3000)}`)), 120_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('local system is up')) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited (${code}) before it was up:\n${output.slice(-3000)}`));
      });
    });
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
};

export interface StartTimes {
  /** A first start: empty data directory, demo data loaded through the API. */
  readonly freshMs: number;
  /** A restart on the data the previous run kept. */
  readonly restartMs: number;
  readonly runs: { readonly fresh: readonly number[]; readonly restart: readonly number[] };
}

/** `runs` fresh starts and as many restarts (each on the data of the fresh run before it); medians. */
export const measureStartTimes = async (runs: number): Promise<StartTimes> => {
  const fresh: number[] = [];
  const restart: number[] = [];
  for (let run = 0; run < runs; run++) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'dvcp-bench-start-'));
    try {
      fresh.push(await startOnce(dataDir));
      restart.push(await startOnce(dataDir));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { freshMs: median(fresh), restartMs: median(restart), runs: { fresh, restart } };
};

import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

/** The machine a run measured, and how busy it was (other work on it skews every timing). */
export const machine = () => {
  let java = 'none';
  try {
    java = /version "([^"]+)"/.exec(execFileSync('java', ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }))?.[1] ?? 'unknown';
  } catch (error) {
    java = /version "([^"]+)"/.exec(String((error as { stderr?: string }).stderr ?? ''))?.[1] ?? 'unknown';
  }
  return {
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    java,
    loadAverage: loadavg().map((load) => load.toFixed(2)).join(' '),
    at: new Date().toISOString(),
  };
};

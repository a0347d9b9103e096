import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

/** The machine a run measured, and how busy it was (other work on it skews every timing). */
export const machine = () => {
  // `java -version` writes to stderr.
  const javaRun = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const java = /version "([^"]+)"/.exec(`${javaRun.stderr ?? ''}${javaRun.stdout ?? ''}`)?.[1] ?? 'none';
  return {
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    java,
    loadAverage: loadavg().map((load) => load.toFixed(2)).join(' '),
    at: new Date().toISOString(),
  };
};

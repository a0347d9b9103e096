/**
 * `npm run test:fast`, the inner loop: lint, then the typecheck beside the unit tier (`vitest run
 * --project unit`). tsc runs on one core for ~12-20 s and vitest's two workers spend much of theirs
 * loading aws-cdk-lib, so side by side they answer sooner than one after the other on 2 cores.
 * tsc's output is held back and printed after vitest's. Fails when any of the three fails.
 */
import { spawn } from 'node:child_process';

interface Outcome {
  readonly code: number;
  readonly output: string;
}

/** Runs a command from the repository root; its output goes straight through unless `hold` keeps it. */
const run = (command: string, args: readonly string[], hold = false): Promise<Outcome> =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: 1, output: `${output}${command}: ${error.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });

const lint = await run('npm', ['run', '--silent', 'lint']);
if (lint.code !== 0) {
  console.error('test:fast: lint failed');
  process.exit(lint.code);
}
const typecheck = run('npm', ['run', '--silent', 'typecheck'], true);
const unit = await run('node_modules/.bin/vitest', ['run', '--project', 'unit']);
const checked = await typecheck;
process.stdout.write(checked.output);
console.log(checked.code === 0 ? 'test:fast: typecheck passed' : 'test:fast: typecheck failed');
if (unit.code !== 0) console.error('test:fast: unit tier failed');
process.exit(unit.code || checked.code);

/**
 * Child process of `npm run bench`: runs one phase that needs the local system and writes its result
 * as JSON to the file named second. One local system per process: the handlers' AWS clients (one
 * per container, as in Lambda) keep the endpoints of the system they first met.
 */
import './env.js';
import { writeFileSync } from 'node:fs';
import { runBusiestTick } from './busiest-tick.js';
import { runLifecycle } from './lifecycle.js';
import { BenchSystem } from './local-harness.js';
import { createProgram, runProgramToActive } from './program-scenario.js';
import { runScale } from './scale.js';
import { measureThroughput } from './throughput.js';

const [phase, out, ...args] = process.argv.slice(2);
const options = JSON.parse(args[0] ?? '{}') as Record<string, number>;

const withSystem = async <T>(work: (bench: BenchSystem) => Promise<T>, counting = true): Promise<T> => {
  const bench = await BenchSystem.start(undefined, { counting });
  try {
    return await work(bench);
  } finally {
    await bench.stop();
  }
};

const phases: Record<string, () => Promise<unknown>> = {
  requests: () => withSystem(async (bench) => runProgramToActive(bench, await createProgram(bench, 'req', 2))),
  throughput: () =>
    withSystem((bench) => measureThroughput(bench, { rounds: options.rounds ?? 3, perRound: { 1: options.atOne ?? 120, 8: options.atEight ?? 120 } }), false),
  lifecycle: () => runLifecycle(),
  tick: () => runBusiestTick({ programs: options.programs ?? 2000, latencyMs: options.latencyMs ?? 8 }),
  scale: () => runScale({ livePrograms: options.livePrograms ?? 200, programsInTable: options.programsInTable ?? 2000 }),
};

const run = phases[phase ?? ''];
if (!run || !out) throw new Error(`Usage: phase.ts <${Object.keys(phases).join('|')}> <out.json> [options JSON]`);
writeFileSync(out, JSON.stringify(await run()));
// Done: whatever the stopped system left behind (an idle socket, a timer) must not keep this process.
process.exit(0);

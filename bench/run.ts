/**
 * `npm run bench`: measures the system from real runs and prints one table (see BENCHMARKS.md).
 * Options: --quick (fewer repetitions, a small scale run), --only=bundles,requests,throughput,start,lifecycle,tick,scale,
 * --scale-live=N (programs living through the year), --scale-programs=N (active programs in the table),
 * --tick-programs=N (programs whose plans the 1 December tick starts).
 */
import './env.js';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../infra/constructs/house-function.js';
import { type FunctionBundle, type ImportTiming, measureFirstUse, measureImport } from './bundles.js';
import type { BusiestTick } from './busiest-tick.js';
import type { Lifecycle } from './lifecycle.js';
import { machine } from './machine.js';
import type { ProgramRun } from './program-scenario.js';
import { type Row, table } from './report.js';
import type { Scale } from './scale.js';
import { measureStartTimes } from './start-time.js';
import type { Throughput } from './throughput.js';

const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const quick = process.argv.includes('--quick');
const only = option('only')?.split(',');
const wanted = (part: string) => !only || only.includes(part);
const OUT_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'dvcp-bench');
mkdirSync(OUT_DIR, { recursive: true });

const rows: Row[] = [];
const results: Record<string, unknown> = { machineBefore: machine() };
const note = (what: string) => process.stderr.write(`[bench] ${what}\n`);

/** Runs a phase in its own process (bench/phase.ts) and reads back its result; its output is kept for a failure. */
const inChild = <T>(phase: string, options: Record<string, number> = {}): T => {
  const file = path.join(OUT_DIR, `${phase}.json`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench/phase.ts'), phase, file, JSON.stringify(options)], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`The ${phase} phase failed:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-5000)}`);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
};

if (wanted('bundles')) {
  note('bundling every function as `cdk synth` does…');
  const file = path.join(OUT_DIR, 'bundles.json');
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench/bundle-all.ts'), file], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`Bundling failed:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);
  const bundles = JSON.parse(readFileSync(file, 'utf8')) as FunctionBundle[];
  const runs = quick ? 5 : 9;
  note(`importing each bundle in ${runs} fresh processes, against as many bare ones…`);
  const timings: (FunctionBundle & ImportTiming)[] = bundles.map((bundle) => ({ ...bundle, ...measureImport(bundle, runs) }));
  results.bundles = timings;
  for (const b of timings) {
    rows.push({
      section: 'Bundles (minified, as `cdk synth` bundles them) and import time over a bare node (median)',
      measure: b.entry,
      figure: `${(b.bytes / 1024).toFixed(0)} KB · +${b.overBareMs.toFixed(0)} ms wall, +${b.cpuOverBareMs.toFixed(0)} ms CPU`,
      target: '≤ 150 KB · < 150 ms',
      met: `size ${b.bytes <= 150 * 1024 ? 'met' : 'missed'}, import ${b.overBareMs < 150 ? 'met' : 'missed'}`,
    });
  }
  const firstUse = measureFirstUse(['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'], runs);
  results.dynamoDbFirstUse = firstUse;
  rows.push({
    section: 'Bundles (minified, as `cdk synth` bundles them) and import time over a bare node (median)',
    measure: 'the DynamoDB SDK, loaded on a function’s first table request',
    figure: `+${firstUse.overBareMs.toFixed(0)} ms wall, +${firstUse.cpuOverBareMs.toFixed(0)} ms CPU`,
  });
}

const usage = (u: { requests: number; readUnits: number; writeUnits: number }) => `${u.requests} requests (${u.readUnits} RCU, ${u.writeUnits} WCU)`;

if (wanted('requests')) {
  note('counting DynamoDB requests of a two-party program, submit to active…');
  const run = inChild<ProgramRun>('requests');
  results.requests = run;
  const section = 'DynamoDB per page view, decision and program (two parties; counted at the client)';
  rows.push(
    { section, measure: 'page view (GET of a review link)', figure: usage(run.reviewPage), target: 'one read of the step, one of the subject', met: run.reviewPage.requests <= 2 },
    { section, measure: 'decision that does not close its round (POST + what follows)', figure: usage(run.decisionOpen), target: '≤ 4', met: run.decisionOpen.requests <= 4 },
    { section, measure: 'decision that closes the review round (opens the signing)', figure: usage(run.reviewCloses) },
    { section, measure: 'decision that closes the signing (activates, writes milestones)', figure: usage(run.signingCloses) },
    { section, measure: 'submit → active (submit, every decision, all the workflow does)', figure: usage(run.wholeProgram), target: '≤ 30', met: run.wholeProgram.requests <= 30 },
    { section, measure: 'submit → active, with each person’s page view', figure: usage(run.wholeProgramWithPages) },
  );
}

if (wanted('throughput')) {
  note('approvals per second at concurrency 1 and 8, against DynamoDB Local’s plain conditional puts…');
  const throughput = inChild<Throughput>('throughput', quick ? { rounds: 1, atOne: 30, atEight: 80 } : { rounds: 3, atOne: 120, atEight: 120 });
  results.throughput = throughput;
  for (const m of throughput.medians) {
    rows.push({
      section: 'Local approvals per second (median of rounds) against DynamoDB Local in the same run',
      measure: `concurrency ${m.concurrency}`,
      figure: `${m.approvalsPerSecond.toFixed(0)}/s (p50 ${m.p50Ms.toFixed(0)} ms, p99 ${m.p99Ms.toFixed(0)} ms) vs ${m.rawPutsPerSecond.toFixed(0)} puts/s = ${m.ratio.toFixed(2)}×`,
      target: '≥ 0.25×',
      met: m.ratio >= 0.25,
    });
  }
}

if (wanted('start')) {
  note('timing npm start…');
  const start = await measureStartTimes(quick ? 2 : 3);
  results.start = start;
  const section = '`npm start` until it prints that it is up (median)';
  rows.push(
    { section, measure: 'first start (empty data directory, demo data loaded)', figure: `${(start.freshMs / 1000).toFixed(1)} s`, target: '< 8 s', met: start.freshMs < 8000 },
    { section, measure: 'restart on kept data', figure: `${(start.restartMs / 1000).toFixed(1)} s`, target: '< 8 s', met: start.restartMs < 8000 },
  );
}

if (wanted('lifecycle')) {
  note('living one program’s five years on the local clock…');
  const life = inChild<Lifecycle>('lifecycle');
  results.lifecycle = life;
  const { cost } = life;
  const c = cost.counts;
  const share = (part: number) => `${((part / cost.total) * 100).toFixed(0)} %`;
  const section = `Cost of one two-party program's five years (${life.stages.length} stages, ${life.decisions} decisions; list prices)`;
  rows.push(
    { section, measure: 'total', figure: `$${cost.total.toFixed(4)}` },
    { section, measure: 'Step Functions', figure: `$${cost.stepFunctions.toFixed(4)} (${share(cost.stepFunctions)}): ${c.transitions} transitions` },
    { section, measure: 'SES', figure: `$${cost.ses.toFixed(4)} (${share(cost.ses)}): ${c.emails} emails` },
    { section, measure: 'DynamoDB', figure: `$${cost.dynamoDb.toFixed(4)} (${share(cost.dynamoDb)}): ${c.readUnits.toFixed(0)} RRU, ${c.writeUnits.toFixed(0)} WRU in ${c.requests} requests` },
    { section, measure: 'Lambda (arm64)', figure: `$${cost.lambda.toFixed(5)} (${share(cost.lambda)}): ${c.invocations} invocations, ${c.gbSeconds.toFixed(2)} GB-s at ${life.memoryMb} MB` },
    { section, measure: 'the daily tick meanwhile (the system’s, for all programs)', figure: `${life.ticks.days} days: ${life.ticks.requests} requests, ${life.ticks.readUnits} RRU` },
  );
}

if (wanted('tick')) {
  const programs = Number(option('tick-programs') ?? (quick ? 200 : 2000));
  note(`the 1 December tick: ${programs} programs' plans falling due at once…`);
  const tick = inChild<BusiestTick>('tick', { programs });
  results.tick = tick;
  const section = `The busiest tick: 1 December, ${tick.programs} active programs' next plans due at once (local mode, ${tick.latencyMs} ms added per AWS request)`;
  rows.push(
    {
      section,
      measure: 'one tick invocation starts every stage',
      figure: `${tick.stagesStarted} stages in ${(tick.wallMs / 1000).toFixed(1)} s (${tick.requests} DynamoDB requests, ${tick.itemsRead} items read; + ${(tick.seedMs / 1000).toFixed(0)} s seeding)`,
      target: 'within the tick’s 300 s, less 15 s reserve',
      met: tick.stagesStarted === tick.programs && tick.wallMs < 285_000,
    },
  );
}

if (wanted('scale')) {
  const livePrograms = Number(option('scale-live') ?? (quick ? 20 : 200));
  const programsInTable = Number(option('scale-programs') ?? (quick ? 200 : 2000));
  note(`one simulated year: ${livePrograms} programs living it, ${programsInTable} active programs in the table…`);
  const scale = inChild<Scale>('scale', { livePrograms, programsInTable });
  results.scale = scale;
  const section = `Scale: one year, ${scale.livePrograms} programs living it among ${scale.programsInTable} active (${scale.organizations} agencies, ${scale.officials} officials)`;
  const perProgram = scale.decisions / scale.livePrograms;
  // At the rate measured here; the day-by-day overhead (a tick and a settle a day) only shrinks in share with more programs.
  const extrapolatedHours = (2000 * perProgram) / scale.humanStepsPerSecond / 3600;
  rows.push(
    { section, measure: 'wall time of the year', figure: `${(scale.wallMs / 1000).toFixed(0)} s (+ ${(scale.setupMs / 1000).toFixed(0)} s seeding)` },
    { section, measure: 'human steps per second', figure: `${scale.humanStepsPerSecond.toFixed(1)}/s (${scale.decisions} decisions, ${perProgram.toFixed(1)} per program)` },
    { section, measure: 'peak memory', figure: `Node ${scale.peakRssMb.toFixed(0)} MB, DynamoDB Local ${scale.peakDynamoDbLocalMb?.toFixed(0) ?? '?'} MB` },
    {
      section,
      measure: 'daily tick: items read per tick / items in the table',
      figure: `median ${scale.tickItemsRead.median}, busiest ${scale.tickItemsRead.max} / ${scale.itemsInTable.start}–${scale.itemsInTable.end}`,
      target: 'only what is due',
      met: scale.tickItemsRead.max <= 3 * scale.livePrograms,
    },
    { section, measure: '2,000 programs living the year (extrapolated)', figure: `~${(2000 * perProgram).toFixed(0)} decisions, ~${extrapolatedHours.toFixed(1)} h at this rate` },
  );
}

results.machineAfter = machine();
writeFileSync(path.join(OUT_DIR, 'latest.json'), JSON.stringify(results, null, 1));
console.log(table(rows, results.machineBefore as ReturnType<typeof machine>, results.machineAfter as ReturnType<typeof machine>));
process.exit(0);

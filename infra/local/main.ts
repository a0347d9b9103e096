import * as path from 'node:path';
import { PROJECT_ROOT } from '../constructs/house-function.js';
import { loadDemoData } from './demo-data.js';
import { type LocalSystem, startLocalSystem } from './system.js';

/**
 * `npm start`: the whole system on this machine, with demo data, data kept under `.local/`
 * (LOCAL_DATA_DIR to keep it elsewhere). Ports: API 3000 and outbox 8005 unless API_PORT /
 * SES_PORT say otherwise. Requests to the API wait until the demo data is loaded and stages are
 * resumed; the "is up" line is printed only then. DynamoDB Local's Java process ends with this
 * process on every path out (see `startDynamoDbLocal`).
 */
const dataDir = path.resolve(process.env.LOCAL_DATA_DIR ?? path.join(PROJECT_ROOT, '.local'));
let system: LocalSystem | undefined;
let stopping = false;

const stop = async (exitCode: number) => {
  if (stopping) return;
  stopping = true;
  try {
    await system?.stop();
  } catch (error) {
    console.error('Stopping the local system failed:', error);
  }
  process.exit(exitCode);
};

const fail = (what: string) => (error: unknown) => {
  console.error(`Coordination programs: local system ${what}:`, error);
  void stop(1);
};

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('uncaughtException', fail('stopped on an unexpected error'));
process.on('unhandledRejection', fail('stopped on an unexpected error'));

const start = async (): Promise<LocalSystem> => {
  const started = await startLocalSystem({
    apiPort: Number(process.env.API_PORT ?? 3000),
    sesPort: Number(process.env.SES_PORT ?? 8005),
    dataDir,
    holdRequestsUntilReady: true,
  });
  system = started;
  const api = started.internalApiUrl;
  await loadDemoData(api);

  // Executions live in this process's memory; programs that were mid-stage when it last stopped
  // are resumed where their records say they stand (every stage task is idempotent).
  const listed = await fetch(`${api}/v1/programs`);
  if (listed.status !== 200) throw new Error(`Listing programs answered ${listed.status}: ${await listed.text()}`);
  const { programs } = (await listed.json()) as { programs: { id: string; status: string }[] };
  // An active program may have stages running too (its cascade to the districts); a closed or
  // cancelled one may have been stopped while ending what ran under it, which its resume finishes.
  for (const program of programs.filter((p) => ['draft', 'in_review', 'signing', 'active', 'closed', 'cancelled'].includes(p.status))) {
    const resumed = await fetch(`${api}/v1/programs/${encodeURIComponent(program.id)}/resume`, { method: 'POST' });
    if (resumed.status === 202) console.log(`Resumed the stage of ${program.id} (${program.status}).`);
    else if (resumed.status !== 409) console.warn(`Could not resume ${program.id}: ${resumed.status} ${await resumed.text()}`);
  }
  // Inspection plans still confirming or following their visits (their remediation may run long after the visits).
  const day = (years: number) => new Date(started.clock.now() + years * 365 * 86_400_000).toISOString().slice(0, 10);
  const plans = await fetch(`${api}/v1/inspections?from=${day(-2)}&to=${day(1)}`);
  if (plans.status !== 200) throw new Error(`Listing inspections answered ${plans.status}: ${await plans.text()}`);
  for (const plan of ((await plans.json()) as { inspections: { id: string; status: string }[] }).inspections.filter((p) => ['confirming', 'confirmed', 'cancelled'].includes(p.status))) {
    const resumed = await fetch(`${api}/v1/inspections/${encodeURIComponent(plan.id)}/resume`, { method: 'POST' });
    if (resumed.status === 202) console.log(`Resumed the stage of inspection ${plan.id} (${plan.status}).`);
    else if (resumed.status !== 409) console.warn(`Could not resume inspection ${plan.id}: ${resumed.status} ${await resumed.text()}`);
  }
  started.markReady();
  return started;
};

try {
  const { apiUrl, sesUrl } = await start();
  const shownDir = path.relative(process.cwd(), dataDir) || '.';
  console.log(`
Coordination programs: local system is up (data and outbox kept in ${shownDir}/; delete it to start afresh)

  HTTP API         ${apiUrl}
  Outbox (emails)  ${sesUrl}          (JSON: ${sesUrl}/store)
  Local clock      ${apiUrl}/_local/clock
                   curl -X POST ${apiUrl}/_local/clock/advance -H 'content-type: application/json' -d '{"days": 3}'
  Demo program     ${apiUrl}/v1/programs/tth-2022-2026

Try it:
  curl -X POST ${apiUrl}/v1/programs/tth-2022-2026/submit
  then open the outbox, click "Mở trang xử lý" in the email to the police reviewer, and approve.
  npx tsx infra/local/demo/after-signing.ts       (the signing, a year's plan, the five-year review)
  npx tsx infra/local/demo/inspection-plan.ts     (an interagency inspection, dated from the local clock)
${apiUrl === 'http://localhost:3000' && sesUrl === 'http://localhost:8005' ? '' : `  On these ports, run the demos with API_URL=${apiUrl} SES_URL=${sesUrl}, and npx dvcp with DVCP_API_URL=${apiUrl}.\n`}
Ctrl+C stops everything.
`);
} catch (error) {
  fail('could not start')(error);
}

import * as path from 'node:path';
import { PROJECT_ROOT } from '../constructs/house-function.js';
import { loadDemoData } from './demo-data.js';
import { startLocalSystem } from './system.js';

/**
 * `npm start`: the whole system on this machine, with demo data, data kept under `.local/`.
 * Ports: API 3000 and outbox 8005 unless API_PORT / SES_PORT say otherwise.
 */
const system = await startLocalSystem({
  apiPort: Number(process.env.API_PORT ?? 3000),
  sesPort: Number(process.env.SES_PORT ?? 8005),
  dataDir: path.join(PROJECT_ROOT, '.local'),
});
await loadDemoData(system.apiUrl);

// Executions live in this process's memory; programs that were mid-stage when it last stopped
// are resumed where their records say they stand (every stage task is idempotent).
const { programs } = (await (await fetch(`${system.apiUrl}/v1/programs`)).json()) as { programs: { id: string; status: string }[] };
for (const program of programs.filter((p) => ['draft', 'in_review', 'signing'].includes(p.status))) {
  const resumed = await fetch(`${system.apiUrl}/v1/programs/${program.id}/resume`, { method: 'POST' });
  if (resumed.status === 202) console.log(`Resumed the stage of ${program.id} (${program.status}).`);
}

console.log(`
Coordination programs: local system is up (data kept in .local/; delete it to start afresh)

  HTTP API         ${system.apiUrl}
  Outbox (emails)  ${system.sesUrl}          (JSON: ${system.sesUrl}/store)
  Local clock      ${system.apiUrl}/_local/clock   (POST /_local/clock/advance {"days": 3})
  Demo program     ${system.apiUrl}/v1/programs/tth-2022-2026

Try it:
  curl -X POST ${system.apiUrl}/v1/programs/tth-2022-2026/submit
  then open the outbox, click "Mở trang xử lý" in the email to the police reviewer, and approve.

Ctrl+C stops everything.
`);

const stop = async () => {
  await system.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

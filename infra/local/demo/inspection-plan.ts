import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ApiClient, CliError } from '../../../cli/client.js';
import { inspections } from '../../../cli/commands/inspections.js';
import { datedPlan, type PlanTemplate } from './inspection-dates.js';
import { api, call, DemoError, localCalendar, runDemo, today } from './local-api.js';

/**
 * The interagency inspection demo: dates the sample plan (`inspection-plan.yaml`) from the local
 * clock, so it works wherever the clock stands, writes the dated plan to a file and creates it with
 * `dvcp inspections create <file>`, as central staff would. A plan already created for that year is
 * shown instead; a clash (another plan booking the team or the units) is printed as dvcp prints it.
 *
 *   npx tsx infra/local/demo/inspection-plan.ts        (API_URL defaults to http://localhost:3000)
 */
const sample = path.join(path.dirname(fileURLToPath(import.meta.url)), 'inspection-plan.yaml');

await runDemo('inspection demo', async () => {
  const template = parseYaml(readFileSync(sample, 'utf8')) as PlanTemplate;
  const calendar = localCalendar();
  const day = await today();
  const plan = datedPlan(template, calendar.addWorkingDays(day, template.startsInWorkingDays), calendar);
  const existing = await call('GET', `/v1/inspections/${plan.id}`);
  if (existing.status === 200) {
    console.log(`Inspection ${plan.id} was already created (${existing.body.status}, ${existing.body.firstDay} – ${existing.body.lastDay}): npx dvcp inspections show ${plan.id}`);
    return;
  }
  const dir = path.join(tmpdir(), 'dvcp-demo');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${plan.id}.yaml`);
  writeFileSync(file, `# ${path.relative(process.cwd(), sample)} dated from the local clock (today ${day})\n${stringifyYaml(plan)}`);
  console.log(`Today on the local clock is ${day}: the visits are ${plan.visits.map((v) => `${v.id} ${v.start} – ${v.end}`).join(', ')}.`);
  console.log(`The dated plan is ${file}; creating it:\n  npx dvcp inspections create ${file}\n`);
  try {
    await inspections(new ApiClient({ apiUrl: api }), ['create', file]);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    throw new DemoError([error.message, ...(error.details.length > 0 ? ['', ...error.details] : [])].join('\n'));
  }
});

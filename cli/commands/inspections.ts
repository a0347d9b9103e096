import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { type ApiClient, CliError } from '../client.js';
import { print, requireStatus, table } from '../output.js';

export const INSPECTIONS_USAGE = `dvcp inspections <command>

  list [--from YYYY-MM-DD] [--to YYYY-MM-DD]    plans with a visit day in the period (default: from today, a year)
  create <plan.yaml|plan.json>                  create a plan; prints every clash if it has any
  show <id>                                     status, confirmations, team, visits, findings, remediation
  reschedule <id> <visitId> --start D --end D [--place P]
                                                move a visit (updated invites go out)
  cancel <id> <visitId>                         cancel a visit (cancellations go out)`;

interface Visit {
  readonly id: string;
  readonly organizationId: string;
  readonly unitName?: string;
  readonly start: string;
  readonly end: string;
  readonly place?: string;
  readonly status: string;
  readonly sequence?: number;
}

const dates = (visit: Pick<Visit, 'start' | 'end'>) => (visit.start === visit.end ? visit.start : `${visit.start} – ${visit.end}`);
const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

const readPlan = async (file: string): Promise<unknown> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
  const yaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase());
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid ${yaml ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0]}`);
  }
};

const list = async (api: ApiClient, args: string[]) => {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true });
  const query = new URLSearchParams(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const answer = await api.request('GET', `/v1/inspections${query.size > 0 ? `?${query}` : ''}`);
  requireStatus(answer, 200, 'Listing inspections');
  const plans = answer.body.inspections as { id: string; title: string; status: string; firstDay: string; lastDay: string; visits: Visit[] }[];
  if (plans.length === 0) return print('No inspection has a visit in that period.');
  print(table(['ID', 'STATUS', 'FIRST DAY', 'LAST DAY', 'VISITS', 'TITLE'], plans.map((p) => [p.id, p.status, p.firstDay, p.lastDay, p.visits.filter((v) => v.status !== 'cancelled').length, p.title])));
};

const create = async (api: ApiClient, args: string[]) => {
  const [file, ...rest] = args;
  if (!file || rest.length > 0) throw new CliError('Usage: dvcp inspections create <plan.yaml|plan.json>');
  const answer = await api.request('POST', '/v1/inspections', await readPlan(file));
  requireStatus(answer, 201, `Creating the plan in ${file}`);
  const plan = answer.body as { id: string; status: string; visits: Visit[]; members: unknown[]; agencies: unknown[] };
  print([
    `Created inspection ${plan.id} (${plan.status}): ${plan.visits.length} visits, ${plan.members.length} members from ${plan.agencies.length} agencies.`,
    "Each agency's focal point has been asked to confirm its members; the units get their invites once all have.",
    '',
    ...table(['VISIT', 'UNIT', 'DATES', 'PLACE'], plan.visits.map((v) => [v.id, v.organizationId, dates(v), v.place])),
  ]);
};

const show = async (api: ApiClient, args: string[]) => {
  const [id, ...rest] = args;
  if (!id || rest.length > 0) throw new CliError('Usage: dvcp inspections show <id>');
  const answer = await api.request('GET', `/v1/inspections/${path(id)}`);
  requireStatus(answer, 200, `Reading inspection ${id}`);
  const plan = answer.body;
  const recommendations = (plan.visits as (Visit & { findings?: { recommendations: { number: number; deadline: string; responsibleUnit: string; remediation: { status: string } }[] } })[]).flatMap((visit) =>
    (visit.findings?.recommendations ?? []).map((r) => [visit.id, r.number, r.responsibleUnit, r.deadline, r.remediation.status]),
  );
  print([
    `${plan.title}`,
    `Inspection ${plan.id} – ${plan.status}, led by ${plan.leadOrganizationName ?? plan.leadOrganizationId}, ${plan.firstDay} – ${plan.lastDay}`,
    '',
    ...table(['AGENCY', 'FOCAL POINT', 'CONFIRMATION'], plan.agencies.map((a: { name?: string; organizationId: string; focalPointId: string; status: string; round: number }) => [a.name ?? a.organizationId, a.focalPointId, a.status])),
    '',
    ...table(['MEMBER', 'ROLE', 'AGENCY'], plan.members.map((m: { name?: string; officialId: string; roleLabel?: string; role: string; organizationId: string; replaces?: string }) => [`${m.name ?? m.officialId}${m.replaces ? ` (replaces ${m.replaces})` : ''}`, m.roleLabel ?? m.role, m.organizationId])),
    '',
    ...table(['VISIT', 'UNIT', 'DATES', 'PLACE', 'STATUS'], (plan.visits as Visit[]).map((v) => [v.id, v.unitName ?? v.organizationId, dates(v), v.place, v.status])),
    ...(recommendations.length > 0 ? ['', ...table(['VISIT', 'NO.', 'RESPONSIBLE UNIT', 'DEADLINE', 'REMEDIATION'], recommendations)] : []),
    ...(plan.openSteps.length > 0 ? ['', ...table(['OPEN STEP', 'WAITING ON', 'DUE'], plan.openSteps.map((s: { kind: string; assigneeId: string; dueAt: string }) => [s.kind, s.assigneeId, s.dueAt]))] : []),
  ]);
};

const reschedule = async (api: ApiClient, args: string[]) => {
  const { values, positionals } = parseArgs({ args, options: { start: { type: 'string' }, end: { type: 'string' }, place: { type: 'string' } }, allowPositionals: true, strict: true });
  const [id, visitId, ...rest] = positionals;
  if (!id || !visitId || rest.length > 0 || !values.start) throw new CliError('Usage: dvcp inspections reschedule <id> <visitId> --start YYYY-MM-DD [--end YYYY-MM-DD] [--place P]');
  const answer = await api.request('POST', `/v1/inspections/${path(id, 'visits', visitId, 'reschedule')}`, { start: values.start, end: values.end ?? values.start, place: values.place });
  requireStatus(answer, 200, `Moving visit ${visitId} of ${id}`);
  const visit = answer.body.visit as Visit;
  print(`Visit ${visit.id} of ${id} now takes place ${dates(visit)}${visit.place ? ` at ${visit.place}` : ''}; updated invites (SEQUENCE ${visit.sequence}) go to those already invited.`);
};

const cancel = async (api: ApiClient, args: string[]) => {
  const [id, visitId, ...rest] = args;
  if (!id || !visitId || rest.length > 0) throw new CliError('Usage: dvcp inspections cancel <id> <visitId>');
  const answer = await api.request('POST', `/v1/inspections/${path(id, 'visits', visitId, 'cancel')}`);
  requireStatus(answer, 200, `Cancelling visit ${visitId} of ${id}`);
  print(`Visit ${visitId} of ${id} is cancelled; its bookings are released, and those invited get a cancellation.`);
};

const commands: Record<string, (api: ApiClient, args: string[]) => Promise<void>> = { list, create, show, reschedule, cancel };

export const inspections = async (api: ApiClient, args: string[]): Promise<void> => {
  const [command, ...rest] = args;
  const run = command ? commands[command] : undefined;
  if (!run) throw new CliError(command ? `Unknown command 'inspections ${command}'.\n\n${INSPECTIONS_USAGE}` : INSPECTIONS_USAGE);
  await run(api, rest);
};

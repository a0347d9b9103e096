import { readFile } from 'node:fs/promises';
import { parseDirectoryCsv } from '#shared/directory-csv.js';
import { type ApiClient, CliError } from '../client.js';
import { print, requireStatus, table } from '../output.js';

export const DIRECTORY_USAGE = `dvcp directory <command>

  import <directory.csv>    create the organisations, then the officials, of a CSV file
                            (header: type,id,name,kind,level,locality,parentId,email,title,organizationId,deputyId,superiorId,digest)`;

/** What one batch call answers per item. */
interface ItemResult {
  readonly index: number;
  readonly id?: string;
  readonly status: 'created' | 'unchanged' | 'failed';
  readonly error?: { readonly message: string };
}

const BATCH = 100;

/** Posts the items in calls of at most 100, in file order (parents before the units under them). */
const load = async (api: ApiClient, route: string, field: string, items: readonly Record<string, unknown>[]): Promise<ItemResult[]> => {
  const results: ItemResult[] = [];
  for (let start = 0; start < items.length; start += BATCH) {
    const answer = await api.request('POST', route, { [field]: items.slice(start, start + BATCH) });
    requireStatus(answer, 207, `Importing ${field}`);
    results.push(...(answer.body.results as ItemResult[]).map((result) => ({ ...result, index: result.index + start })));
  }
  return results;
};

const importCsv = async (api: ApiClient, args: string[]) => {
  const [file, ...rest] = args;
  if (!file || rest.length > 0) throw new CliError('Usage: dvcp directory import <directory.csv>');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
  const parsed = parseDirectoryCsv(text);
  if (parsed.errors.length > 0) {
    throw new CliError(`${file} has ${parsed.errors.length} ${parsed.errors.length === 1 ? 'row' : 'rows'} that cannot be read; nothing was imported.`, table(['LINE', 'PROBLEM'], parsed.errors.map((e) => [e.line, e.message])));
  }
  const organizations = parsed.organizations.length > 0 ? await load(api, '/v1/organizations:batch', 'organizations', parsed.organizations) : [];
  const officials = parsed.officials.length > 0 ? await load(api, '/v1/officials:batch', 'officials', parsed.officials) : [];
  const count = (results: ItemResult[], status: ItemResult['status']) => results.filter((r) => r.status === status).length;
  print([
    `Organizations: ${count(organizations, 'created')} created, ${count(organizations, 'unchanged')} unchanged, ${count(organizations, 'failed')} failed.`,
    `Officials: ${count(officials, 'created')} created, ${count(officials, 'unchanged')} unchanged, ${count(officials, 'failed')} failed.`,
  ]);
  const failed = [
    ...organizations.filter((r) => r.status === 'failed').map((r) => ['organization', r.id ?? parsed.organizations[r.index]?.id, r.error?.message]),
    ...officials.filter((r) => r.status === 'failed').map((r) => ['official', r.id ?? parsed.officials[r.index]?.id, r.error?.message]),
  ];
  if (failed.length > 0) throw new CliError(`${failed.length} ${failed.length === 1 ? 'row was' : 'rows were'} not imported.`, table(['TYPE', 'ID', 'PROBLEM'], failed.map((row) => row.map((cell) => (cell === undefined ? '' : String(cell))))));
};

export const directory = async (api: ApiClient, args: string[]): Promise<void> => {
  const [command, ...rest] = args;
  if (command !== 'import') throw new CliError(command ? `Unknown command 'directory ${command}'.\n\n${DIRECTORY_USAGE}` : DIRECTORY_USAGE);
  await importCsv(api, rest);
};

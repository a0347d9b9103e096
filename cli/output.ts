import { CliError, type ApiAnswer } from './client.js';

/** Characters as a terminal shows them: Vietnamese letters are one column each once composed (NFC). */
const width = (text: string) => [...text.normalize('NFC')].length;
const pad = (text: string, to: number) => text + ' '.repeat(Math.max(0, to - width(text)));
const MAX_CELL = 80;
const cut = (text: string) => (width(text) > MAX_CELL ? `${[...text.normalize('NFC')].slice(0, MAX_CELL - 1).join('')}…` : text);

/** A plain-text table with a header rule, columns as wide as their widest cell (at most 80). */
export const table = (headers: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string[] => {
  const cells = rows.map((row) => headers.map((_, index) => cut(String(row[index] ?? '')).replace(/\s+/g, ' ')));
  const widths = headers.map((header, index) => Math.max(width(header), ...cells.map((row) => width(row[index]!))));
  const line = (row: readonly string[]) => row.map((cell, index) => pad(cell, widths[index]!)).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
};

interface Issue {
  readonly path?: string;
  readonly message?: string;
  readonly kind?: string;
  readonly what?: string;
  readonly with?: string;
}

/** An answer that is not the one expected becomes a CliError: clashes and issues as a table, a 404 or 409 as its message. */
export const requireStatus = (answer: ApiAnswer, expected: number, doing: string): void => {
  if (answer.status === expected) return;
  const error = answer.body?.error as { code?: string; message?: string; issues?: Issue[] } | undefined;
  const issues = error?.issues ?? [];
  if (error?.code === 'clash') {
    throw new CliError(
      `${doing}: ${issues.length} ${issues.length === 1 ? 'clash' : 'clashes'}, nothing was changed.`,
      table(
        ['KIND', 'WHAT', 'CLASHES WITH'],
        issues.map((issue) => [issue.kind, issue.what, issue.with]),
      ),
    );
  }
  const details = issues.length > 0 ? table(['FIELD', 'PROBLEM'], issues.map((issue) => [issue.path, issue.message])) : [];
  const message = error?.message ?? `the API answered ${answer.status}`;
  if (answer.status === 403) throw new CliError(`${doing}: not allowed (403). Your AWS identity needs execute-api:Invoke on this API's /v1 routes.`);
  throw new CliError(`${doing}: ${message} (${answer.status})`, details);
};

export const print = (lines: string | readonly string[]) => {
  process.stdout.write(`${typeof lines === 'string' ? lines : lines.join('\n')}\n`);
};

import { CsvError, type CsvErrorCode, parse } from 'csv-parse/sync';

/**
 * The staff's directory file: one CSV (UTF-8, a BOM allowed, comma-separated, RFC 4180 quoting)
 * with a header row and one row per organisation or official, its `type` first:
 *
 *   type,id,name,kind,level,locality,parentId,email,title,organizationId,deputyId,superiorId,digest
 *
 * An organisation row fills id, name, kind, level, and optionally locality, parentId, email; an
 * official row fills id, name, title, email, organizationId, and optionally deputyId, superiorId,
 * digest (`true`/`false`, also `có`/`không`, `yes`/`no`, `1`/`0`). Empty cells are left out. The
 * rows become the bodies of `POST /v1/organizations:batch` and `POST /v1/officials:batch`, which
 * check everything else; this only reads the file (the staff CLI and the local demo share it).
 */

export const DIRECTORY_CSV_COLUMNS = [
  'type',
  'id',
  'name',
  'kind',
  'level',
  'locality',
  'parentId',
  'email',
  'title',
  'organizationId',
  'deputyId',
  'superiorId',
  'digest',
] as const;

const ORGANIZATION_FIELDS = ['id', 'name', 'kind', 'level', 'locality', 'parentId', 'email'] as const;
const OFFICIAL_FIELDS = ['id', 'name', 'title', 'email', 'organizationId', 'deputyId', 'superiorId', 'digest'] as const;

export interface DirectoryCsvError {
  /** The line of the file the row starts on (1 is the header). */
  readonly line: number;
  readonly message: string;
}

export interface DirectoryCsv {
  readonly organizations: Record<string, string>[];
  readonly officials: Record<string, string | boolean>[];
  readonly errors: DirectoryCsvError[];
}

interface Row {
  readonly line: number;
  readonly cells: string[];
}

/** What the file says when a quoted cell is not written as RFC 4180 wants. */
const QUOTE_PROBLEMS: Partial<Record<CsvErrorCode, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is not closed',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quoted cell has text after its closing quote (inside quotes, write a quote as "")',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted cell has text after its closing quote (inside quotes, write a quote as "")',
};

/**
 * RFC 4180 records, read by csv-parse: quoted cells may hold commas, doubled quotes and line
 * breaks; rows end in CRLF, LF or CR, mixed as an edited file may; a BOM is skipped. Its options
 * keep what the staff's files have always been read as: a quote inside an unquoted cell is kept
 * (`Lê Thị "Mận"`), spaces after a closing quote are dropped, and rows of any length come back,
 * so that a short row is reported with its line rather than failing the file. Each row's line is
 * where it starts, counted here from the line breaks inside its quoted cells (csv-parse's own count
 * takes a CRLF inside quotes for two lines).
 */
const records = (text: string): { rows: Row[]; error?: DirectoryCsvError } => {
  const rows: Row[] = [];
  let line = 1;
  try {
    parse(text, {
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      rtrim: true,
      on_record: (cells: string[]) => {
        rows.push({ line, cells });
        line += 1 + cells.reduce((breaks, cell) => breaks + cell.split('\n').length - 1, 0);
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { rows, error: { line, message: QUOTE_PROBLEMS[error.code] ?? `cannot be read as CSV: ${error.message}` } };
  }
  return { rows };
};

const DIGEST_WORDS: Record<string, boolean> = { true: true, false: false, yes: true, no: false, '1': true, '0': false, có: true, không: false };

/** Reads the directory file into batch bodies; every row that cannot become one is an error with its line. */
export const parseDirectoryCsv = (text: string): DirectoryCsv => {
  const { rows, error } = records(text);
  const errors: DirectoryCsvError[] = error ? [error] : [];
  const organizations: Record<string, string>[] = [];
  const officials: Record<string, string | boolean>[] = [];
  const nonEmpty = rows.filter((row) => row.cells.some((cell) => cell.trim() !== ''));
  const header = nonEmpty.shift();
  if (!header) return { organizations, officials, errors: [...errors, { line: 1, message: 'the file is empty: a header row is expected' }] };
  const columns = header.cells.map((cell) => cell.trim());
  const unknown = columns.filter((column) => !(DIRECTORY_CSV_COLUMNS as readonly string[]).includes(column));
  if (unknown.length > 0 || !columns.includes('type') || new Set(columns).size !== columns.length) {
    const problem = unknown.length > 0 ? `unknown columns ${unknown.join(', ')}` : !columns.includes('type') ? 'no "type" column' : 'a column is named twice';
    errors.push({ line: header.line, message: `header: ${problem}; expected ${DIRECTORY_CSV_COLUMNS.join(',')}` });
    return { organizations, officials, errors };
  }
  for (const row of nonEmpty) {
    if (row.cells.length !== columns.length) {
      errors.push({ line: row.line, message: `has ${row.cells.length} cells; the header has ${columns.length}` });
      continue;
    }
    const values = Object.fromEntries(columns.map((column, index) => [column, row.cells[index]!.trim()]).filter(([, value]) => value !== ''));
    const type = values.type;
    const fields: readonly string[] = type === 'organization' ? ORGANIZATION_FIELDS : type === 'official' ? OFFICIAL_FIELDS : [];
    if (fields.length === 0) {
      errors.push({ line: row.line, message: `type must be "organization" or "official", not "${type ?? ''}"` });
      continue;
    }
    const stray = Object.keys(values).filter((column) => column !== 'type' && !fields.includes(column));
    if (stray.length > 0) {
      errors.push({ line: row.line, message: `an ${type} row has no ${stray.join(', ')}: leave those cells empty` });
      continue;
    }
    const picked = Object.fromEntries(fields.filter((field) => values[field] !== undefined).map((field) => [field, values[field]!]));
    if (type === 'organization') {
      organizations.push(picked);
      continue;
    }
    if (picked.digest !== undefined) {
      const digest = DIGEST_WORDS[picked.digest.toLowerCase()];
      if (digest === undefined) {
        errors.push({ line: row.line, message: `digest must be true or false, not "${picked.digest}"` });
        continue;
      }
      officials.push({ ...picked, digest });
    } else officials.push(picked);
  }
  return { organizations, officials, errors };
};

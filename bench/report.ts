import type { machine } from './machine.js';

export interface Row {
  readonly section: string;
  readonly measure: string;
  readonly figure: string;
  readonly target?: string;
  /** `true`/`false` for met/missed, or words when a row has two targets. */
  readonly met?: boolean | string;
}

/** One Markdown table of every row, grouped by section, with the machine and its load before and after. */
export const table = (rows: readonly Row[], before: ReturnType<typeof machine>, after: ReturnType<typeof machine>): string => {
  const lines = ['| Measure | Figure | Target | |', '|---|---|---|---|'];
  let section = '';
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      lines.push(`| **${section}** | | | |`);
    }
    lines.push(`| ${row.measure} | ${row.figure} | ${row.target ?? ''} | ${row.met === undefined ? '' : typeof row.met === 'string' ? row.met : row.met ? 'met' : 'missed'} |`);
  }
  lines.push(
    '',
    `Machine: ${before.cpu}, ${before.memoryGb} GB, Node ${before.node}, Java ${before.java}. Load average (1/5/15 min) ${before.loadAverage} at the start (${before.at}), ${after.loadAverage} at the end (${after.at}).`,
  );
  return lines.join('\n');
};

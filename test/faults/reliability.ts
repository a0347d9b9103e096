import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { inject } from 'vitest';

/** What one suite of the fault and property tests tried and what came of it (the reliability table's row). */
export interface Tally {
  readonly suite: string;
  /** Requests or scenarios tried (generated inputs for the property tests). */
  inputs: number;
  faultsInjected: number;
  /** Faults after which the stage finished with everything accounted for. */
  faultsSurvived: number;
  /** Faults that stopped a stage with an operator alarm and an audit event (by design, e.g. an address SES refuses for good). */
  stoppedWithAlarm: number;
  restarts: number;
  decisionsLost: number;
  decisionsDoubled: number;
  /** Emails in the outbox with no `email_sent` event, or events with no email. */
  emailsUnaccounted: number;
  serverErrors: number;
}

export const newTally = (suite: string): Tally => ({
  suite,
  inputs: 0,
  faultsInjected: 0,
  faultsSurvived: 0,
  stoppedWithAlarm: 0,
  restarts: 0,
  decisionsLost: 0,
  decisionsDoubled: 0,
  emailsUnaccounted: 0,
  serverErrors: 0,
});

declare module 'vitest' {
  export interface ProvidedContext {
    reliabilityDir: string;
  }
}

/** Keeps a suite's tally where the run's global teardown prints the table from. */
export const saveTally = (tally: Tally): void => {
  const dir = inject('reliabilityDir');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${tally.suite.replace(/\W+/g, '-')}.json`), JSON.stringify(tally));
};

const columns: [keyof Tally, string][] = [
  ['suite', 'Suite'],
  ['inputs', 'Inputs tried'],
  ['faultsInjected', 'Faults injected'],
  ['faultsSurvived', 'Survived'],
  ['stoppedWithAlarm', 'Stopped with alarm + audit event'],
  ['restarts', 'Restarts (SIGKILL)'],
  ['decisionsLost', 'Decisions lost'],
  ['decisionsDoubled', 'Decisions doubled'],
  ['emailsUnaccounted', 'Emails unaccounted'],
  ['serverErrors', '5xx'],
];

/** The table of every tally in `dir` (markdown, with a total row), or undefined when no suite kept one. */
export const reliabilityTable = (dir: string): string | undefined => {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.json'));
  } catch {
    return undefined;
  }
  if (files.length === 0) return undefined;
  const tallies = files.map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Tally).sort((a, b) => a.suite.localeCompare(b.suite));
  const total = newTally('Total');
  for (const tally of tallies) for (const [key] of columns) if (key !== 'suite') (total[key] as number) += tally[key] as number;
  const row = (tally: Tally) => `| ${columns.map(([key]) => (typeof tally[key] === 'number' ? (tally[key] as number).toLocaleString('en-US') : tally[key])).join(' | ')} |`;
  return [
    `| ${columns.map(([, title]) => title).join(' | ')} |`,
    `|${columns.map(([key]) => (key === 'suite' ? ' --- ' : ' ---: ')).join('|')}|`,
    ...tallies.map(row),
    row({ ...total, suite: '**Total**' }),
  ].join('\n');
};

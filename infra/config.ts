import { RemovalPolicy } from 'aws-cdk-lib';
import type { Node } from 'constructs';
import { checkWorkingCalendarConfig, type WorkingCalendarConfig } from '#shared/calendar/working-days.js';

/** What one deployment stage needs, read from `cdk.json` context (`stages.<stage>`). */
export interface StageConfig {
  readonly stage: string;
  readonly production: boolean;
  readonly senderAddress: string;
  readonly publicBaseUrl: string;
  readonly operatorEmail: string;
  readonly removalPolicy: RemovalPolicy;
  /** The year's announced days off and make-up working days (`stages.<stage>.calendar`); none when absent. */
  readonly calendar: WorkingCalendarConfig;
  /** Days that must pass between two inspections of one unit (`stages.<stage>.inspectionMinIntervalDays`). @default 180 */
  readonly inspectionMinIntervalDays: number;
}

const REQUIRED = ['senderAddress', 'publicBaseUrl', 'operatorEmail'] as const;

/**
 * Reads and checks the stage configuration. A production stage (`prod` or `production: true`)
 * refuses to synthesize without every required value, naming the ones that are missing.
 */
export const readStageConfig = (node: Node): StageConfig => {
  const stage = String(node.tryGetContext('stage') ?? 'dev');
  const stages = (node.tryGetContext('stages') ?? {}) as Record<string, Record<string, unknown>>;
  const raw = stages[stage];
  if (!raw) {
    throw new Error(
      `No configuration for stage '${stage}': add "stages": { "${stage}": { ... } } to the context in cdk.json (known stages: ${Object.keys(stages).join(', ') || 'none'}).`,
    );
  }
  const production = raw.production === true || stage === 'prod' || stage === 'production';
  const text = (name: string) => (typeof raw[name] === 'string' ? (raw[name] as string).trim() : '');
  const missing = REQUIRED.filter((name) => text(name) === '');
  if (production && missing.length > 0) {
    throw new Error(
      `Stage '${stage}' is a production stage and needs ${missing.map((name) => `stages.${stage}.${name}`).join(', ')} in cdk.json context (or -c on the command line).`,
    );
  }
  const baseUrl = text('publicBaseUrl');
  if (production && !baseUrl.startsWith('https://')) {
    throw new Error(`stages.${stage}.publicBaseUrl must be an https:// address in production; got '${baseUrl}'.`);
  }
  const removal = text('removalPolicy') || (production ? 'retain' : 'destroy');
  if (removal !== 'retain' && removal !== 'destroy') {
    throw new Error(`stages.${stage}.removalPolicy must be 'retain' or 'destroy'; got '${removal}'.`);
  }
  if (production && removal === 'destroy') {
    throw new Error(`stages.${stage}.removalPolicy cannot be 'destroy' in production: the table holds the programs' records.`);
  }
  const calendar = checkWorkingCalendarConfig(raw.calendar ?? {}, `stages.${stage}.calendar`);
  const interval = raw.inspectionMinIntervalDays ?? 180;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 0 || interval > 3650) {
    throw new Error(`stages.${stage}.inspectionMinIntervalDays must be a whole number of days from 0 to 3650; got ${JSON.stringify(interval)}.`);
  }
  return {
    stage,
    production,
    senderAddress: text('senderAddress') || 'no-reply@example.invalid',
    publicBaseUrl: baseUrl.replace(/\/+$/, '') || 'http://localhost:3000',
    operatorEmail: text('operatorEmail'),
    removalPolicy: removal === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    calendar,
    inspectionMinIntervalDays: interval,
  };
};

import { DAY_MS } from '#shared/clock.js';
import { type CostBreakdown, costBetween } from './cost.js';
import { RequestTally } from './dynamodb-meter.js';
import { People } from './human-driver.js';
import { BenchSystem } from './local-harness.js';
import { createProgram } from './program-scenario.js';

export interface Lifecycle {
  /** The program's own cost: what the daily tick did meanwhile (for every program at once) is taken out. */
  readonly cost: CostBreakdown;
  /** The daily tick over the same days, on a table holding this one program: the system's fixed cost. */
  readonly ticks: { readonly days: number; readonly requests: number; readonly readUnits: number; readonly writeUnits: number };
  /** The stages the program went through (from its view at the end). */
  readonly stages: readonly string[];
  readonly decisions: number;
  readonly days: number;
  readonly wallMs: number;
  readonly memoryMb: number;
}

/** 08:00 in Vietnam of a day: that day's tick (07:00) has run. */
const morningOf = (date: string) => Date.parse(`${date}T01:00:00Z`);

/**
 * One two-party program's whole life on the local clock, from its creation in December 2021 through
 * the co-sign, five annual plans (drafted, reviewed and signed by both heads), four annual
 * reviews, the mid-term and the final review, each with its reports, conference, outcome and
 * approval: everyone acts the morning the request arrives. Costed from what was counted meanwhile
 * (the daily tick is the system's, not the program's, and is left out).
 */
export const runLifecycle = async (): Promise<Lifecycle> => {
  const started = performance.now();
  const bench = await BenchSystem.start(Date.parse('2021-12-01T01:00:00Z'));
  try {
    const program = await createProgram(bench, 'life', 2, { place: 'Quảng Trị', period: { startYear: 2022, endYear: 2026 }, planSignatures: true });
    // Counted from the submit: the directory is the system's, and the draft's creation is one request.
    const before = await bench.tally();
    const people = new People(bench, new Map([[program.id, program]]));
    await bench.expectApi('POST', `/v1/programs/${program.id}/submit`, undefined, 202);
    await people.actOnEverythingDue();
    const view = (await bench.api('GET', `/v1/programs/${program.id}`)).body as { status: string; milestones: { dueDate: string }[] };
    if (view.status !== 'active') throw new Error(`The lifecycle's program is ${view.status} after its co-sign.`);
    const mornings = [...new Set(view.milestones.map((m) => morningOf(m.dueDate)))].sort((a, b) => a - b);
    const firstDay = bench.system.clock.now();
    const ticks = new RequestTally();
    for (;;) {
      const now = bench.system.clock.now();
      const next = Math.min(mornings.find((at) => at > now) ?? Infinity, people.nextDueAt() ?? Infinity);
      if (next === Infinity) break;
      // The ticks' own requests are counted apart (the executions they start are the program's).
      await bench.meter.within(ticks, () => bench.advanceDays((next - now) / DAY_MS));
      await people.actOnEverythingDue();
    }
    const counted = await bench.tally();
    const after = {
      ...counted,
      dynamodb: {
        ...counted.dynamodb,
        requests: counted.dynamodb.requests - ticks.requests,
        readUnits: counted.dynamodb.readUnits - ticks.readUnits,
        writeUnits: counted.dynamodb.writeUnits - ticks.writeUnits,
      },
    };
    const days = Math.round((bench.system.clock.now() - firstDay) / DAY_MS);
    const final = (await bench.api('GET', `/v1/programs/${program.id}`)).body as { stages?: { stageId: string; status: string }[] };
    const memoryMb = Math.max(
      ...Object.values(bench.system.template.Resources)
        .filter((resource) => resource.Type === 'AWS::Lambda::Function')
        .map((resource) => Number(resource.Properties?.MemorySize ?? 128)),
    );
    return {
      cost: costBetween(before, after, memoryMb),
      stages: (final.stages ?? []).map((stage) => `${stage.stageId} ${stage.status}`),
      ticks: { days, requests: ticks.requests, readUnits: Math.round(ticks.readUnits), writeUnits: Math.round(ticks.writeUnits) },
      decisions: people.decisions,
      days,
      wallMs: performance.now() - started,
      memoryMb,
    };
  } finally {
    await bench.stop();
  }
};

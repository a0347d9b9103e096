import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { documentClient, stepFunctionsClient } from '#shared/clients.js';
import { RequestTally } from './dynamodb-meter.js';
import { BenchSystem } from './local-harness.js';
import { seedActiveProgram, seedDirectory } from './scale.js';

export interface BusiestTick {
  readonly programs: number;
  readonly stagesStarted: number;
  /** Wall time of the one tick invocation that starts every program's plan. */
  readonly wallMs: number;
  readonly requests: number;
  readonly itemsRead: number;
  readonly seedMs: number;
  /** Added to every DynamoDB and Step Functions request during the tick. */
  readonly latencyMs: number;
}

/**
 * Local DynamoDB answers in ~1 ms on this machine's loopback, where AWS answers in region in
 * ~5–10 ms: without the wait, the tick would measure this process's CPU, not what a Lambda spends
 * waiting on the network. The delay sits at the client boundary, after the SDK's own retries.
 */
const addLatency = (client: { middlewareStack: { add: (m: unknown, o: unknown) => void } }, ms: number) =>
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
      await sleep(ms);
      return next(args);
    },
    { step: 'initialize', name: 'benchLatency' },
  );

/**
 * 1 December: every active program's next annual plan falls due on the same day, so one tick
 * starts a stage for each. `programs` active programs of 2026–2030 are seeded (as their co-sign
 * leaves them), then the tick of 2026-12-01 is invoked as EventBridge would, with `latencyMs` added
 * to each AWS request, and timed. The stages
 * it starts run on in the same process (in AWS they would not), so the figure is pessimistic.
 */
export const runBusiestTick = async ({ programs, latencyMs }: { programs: number; latencyMs: number }): Promise<BusiestTick> => {
  const seedStarted = performance.now();
  const bench = await BenchSystem.start(Date.parse('2025-12-10T01:00:00Z'));
  try {
    const { units, partiesOf } = await seedDirectory();
    const signedAt = new Date(bench.system.clock.now()).toISOString();
    for (let index = 0; index < programs; index++) {
      const unit = units[index % units.length]!;
      const all = partiesOf.get(unit.id)!;
      await seedActiveProgram(`tick${index}`, all.slice(0, Math.min(all.length, 2 + (index % 3))), 2026, signedAt);
    }
    const seedMs = performance.now() - seedStarted;
    addLatency(documentClient() as never, latencyMs);
    addLatency(stepFunctionsClient() as never, latencyMs);
    const tally = new RequestTally();
    const started = performance.now();
    const result = (await bench.meter.within(tally, () =>
      bench.system.invokeFunction(bench.system.functionIdOf('functions/milestone-tick/handler.ts'), { date: '2026-12-01' }),
    )) as { stagesStarted: string[] };
    const wallMs = performance.now() - started;
    return { programs, stagesStarted: result.stagesStarted.length, wallMs, requests: tally.requests, itemsRead: tally.itemsRead, seedMs, latencyMs };
  } finally {
    await bench.stop();
  }
};

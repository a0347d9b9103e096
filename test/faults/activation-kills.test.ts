import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import type { faultRule } from '../../infra/local/faults.js';
import { type Client, heads, type ProgramEvent, programNamed, reviewers } from './accounting.js';
import { CrashableSystem } from './crashable.js';
import { lifecycleMilestones } from '#shared/stages/lifecycle/milestones.js';
import { newTally, saveTally } from './reliability.js';

/**
 * `npm start` SIGKILLed at every write inside a program's activation (the last head signs: its
 * milestones, then the status with the stage's end), and started again: every program ends active
 * with all its milestones, activated once, and no reader ever saw it active with milestones missing.
 */
const tally = newTally('SIGKILL inside activation');
const dataDir = mkdtempSync(path.join(tmpdir(), 'faults-activation-'));
let client: Client;
let system: CrashableSystem;
type FaultInput = z.input<typeof faultRule>;

/** The writes of one program's activation, in the order they happen, each killed before and after. */
const offsets = (id: string): [string, FaultInput][] => {
  const milestones = { target: 'dynamodb' as const, operation: 'BatchWriteItem', bodyIncludes: [`PROGRAM#${id}`, 'MILESTONE#'] };
  // The program is signing already: its next status change is the activation.
  const status = { target: 'dynamodb' as const, operation: 'TransactWriteItems', bodyIncludes: [`PROGRAM#${id}`, 'status_changed'] };
  // Before the milestones nothing is written yet, and before the status is the same instant as after
  // the milestones for a program without a cascade: the two instants between and after the writes.
  return [
    ['after the milestones, before the status', { ...milestones, fault: 'crash_after' }],
    ['after the status and the stage’s end', { ...status, fault: 'crash_after' }],
  ];
};
const ids = ['kill-a', 'kill-b'];

const view = async (id: string) => client.expect(200, 'GET', `/v1/programs/${id}`) as Promise<{ status: string; milestones: unknown[]; openSteps: { assigneeId: string }[] }>;
const trail = async (id: string) => (await client.expect(200, 'GET', `/v1/programs/${id}/events`)).events as ProgramEvent[];
const act = async (id: string, official: { id: string; email: string }, action: string) =>
  client.act(await client.linkFor(official.email, programNamed(id).title), id, official.id, action);

beforeAll(async () => {
  ({ system, client } = await CrashableSystem.startWithDirectory(dataDir));
  // Every program reviewed and signed by all heads but the last.
  for (const id of ids) {
    await client.expect(201, 'POST', '/v1/programs', programNamed(id));
    await client.expect(202, 'POST', `/v1/programs/${id}/submit`);
    await client.settle();
    for (const reviewer of reviewers) expect(await act(id, reviewer, 'approve')).toBe(303);
    await client.settle();
    for (const head of heads.slice(0, -1)) expect(await act(id, head, 'sign')).toBe(303);
    await client.settle();
  }
}, 240_000);

afterAll(async () => {
  await system?.stop();
  tally.inputs += client?.requests ?? 0;
  saveTally(tally);
});

describe('SIGKILL inside a program’s activation', () => {
  ids.forEach((id, index) => {
    const [where, fault] = offsets(id)[index]!;
    it(`killed ${where}: active once, with every milestone, after the restart`, async () => {
      const current = system.current!;
      await client.expect(201, 'POST', '/_local/faults', fault);
      const signed = act(id, heads.at(-1)!, 'sign').catch(() => undefined);
      // Until the kill, a reader never sees the program active without all of its milestones.
      let seen = 0;
      const giveUpAt = Date.now() + 60_000;
      while (current.child.signalCode === null && current.child.exitCode === null && Date.now() < giveUpAt) {
        const read = await view(id).catch(() => undefined);
        if (read?.status === 'active') expect(read.milestones.length, 'milestones of an active program').toBe(seen || read.milestones.length);
        if (read?.status === 'active') seen = read.milestones.length;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(current.child.signalCode).toBe('SIGKILL');
      await signed;
      tally.restarts += 1;
      tally.faultsInjected += 1;
      await system.start();
      await client.settle();

      const after = await view(id);
      expect(after.status).toBe('active');
      expect(after.openSteps).toEqual([]);
      const kinds = (after.milestones as { kind: string }[]).map((m) => m.kind);
      expect(new Set(kinds).size).toBe(kinds.length);
      // As many as the program's period and signing day give (lifecycleMilestones), none missing.
      const signedMs = Date.parse(String((await client.expect(200, 'GET', `/v1/programs/${id}`)).signedAt));
      expect([...kinds].sort()).toEqual(lifecycleMilestones(programNamed(id), signedMs).map((m) => m.kind).sort());
      const events = await trail(id);
      expect(events.filter((e) => e.kind === 'status_changed' && (e.detail as { to?: string } | undefined)?.to === 'active')).toHaveLength(1);
      expect(events.filter((e) => e.kind === 'stage_stopped')).toEqual([]);
    });
  });
});

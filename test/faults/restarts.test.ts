import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import type { faultRule } from '../../infra/local/faults.js';
import { javaProcessesFor, type NpmStart, npmStart, portOutsideEphemeralRange, threePartyDirectory, until } from '../local/helpers.js';
import { auditPrograms, Client, drafter, finishProgram, heads, type ProgramEvent, programNamed, reviewers } from './accounting.js';
import { newTally, saveTally } from './reliability.js';

/**
 * `npm start` killed (SIGKILL, the fault switch doing it at the chosen instant) and started again
 * at each stage boundary and inside each part of a human step (open, wait handoff, remind, decide),
 * while programs stand in every status, one of them a draft back at its drafter. After each restart
 * nothing is cancelled or doubled, the process keeps running, and at the end every program is
 * signed with every decision and email accounted for.
 */
const tally = newTally('SIGKILL and restart of npm start');
const dataDir = mkdtempSync(path.join(tmpdir(), 'faults-restarts-'));
let apiPort: number;
let sesPort: number;
let run: NpmStart | undefined;
let client: Client;
const runs: NpmStart[] = [];

const walker = 'walker';
/** Takes the request-email crash of a signing round (the walker's own signing round takes the stage-boundary crash). */
const secondWalker = 'walker-2';
const bystanders = { draft: 'in-draft', review: 'in-review', returned: 'back-at-drafter', signing: 'in-signing', active: 'signed' } as const;
const allPrograms = [walker, secondWalker, ...Object.values(bystanders)];
/** Steps cancelled on purpose (the rest of a round when a reviewer returns the draft), by program, before any crash. */
const cancelledBefore = new Map<string, number>();
const titleOf = (id: string) => programNamed(id).title;
type FaultInput = z.input<typeof faultRule>;

const start = async () => {
  const previous = process.env.LOCAL_FAULT_INJECTION;
  process.env.LOCAL_FAULT_INJECTION = 'crash';
  run = npmStart(dataDir, apiPort, sesPort);
  process.env.LOCAL_FAULT_INJECTION = previous;
  runs.push(run);
  const current = run;
  // `until` retries a probe that throws, so an npm start that ended is answered, not thrown, and reported at once.
  const outcome = await until(
    '"up"',
    async () => {
      if (current.child.exitCode !== null || current.child.signalCode !== null) return 'ended' as const;
      return current.output().includes('local system is up') ? ('up' as const) : undefined;
    },
    // Under the test's own timeout, so a start that hangs reports what npm start printed.
    90_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${current.output().slice(-3000)}`);
  });
  if (outcome === 'ended') throw new Error(`npm start ended while starting:\n${current.output().slice(-3000)}`);
  // The DynamoDB Local of the killed run was ended, not left holding the data.
  expect(javaProcessesFor(dataDir)).toHaveLength(1);
};

/** Arms a crash, does what reaches it, and waits for the SIGKILL; then starts again and lets the system settle. */
const crashAndRestart = async (fault: FaultInput | 'external', trigger: () => Promise<unknown>) => {
  const current = run!;
  if (fault !== 'external') await client.expect(201, 'POST', '/_local/faults', fault);
  const triggered = trigger().catch(() => undefined);
  if (fault === 'external') current.child.kill('SIGKILL');
  const code = await Promise.race([current.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 60_000))]);
  expect(code, `the crash ${JSON.stringify(fault)} was reached`).toBeNull();
  expect(current.child.signalCode).toBe('SIGKILL');
  await triggered;
  tally.restarts += 1;
  tally.faultsInjected += 1;
  await start();
  await client.settle();
  await expectNothingBrokeOnRestart();
};

const status = async (id: string) =>
  (await client.expect(200, 'GET', `/v1/programs/${id}`)) as { status: string; openSteps: { kind: string; assigneeId: string }[] };
const trail = async (id: string) => (await client.expect(200, 'GET', `/v1/programs/${id}/events`)).events as ProgramEvent[];

/** Every bystander stands where it stood; no step was cancelled; the restarted process did not crash. */
const expectNothingBrokeOnRestart = async () => {
  expect(run!.output()).not.toMatch(/stopped on an unexpected error|could not start/);
  expect((await status(bystanders.draft)).status).toBe('draft');
  expect((await status(bystanders.review)).openSteps.map((s) => s.kind)).toEqual(['review_draft', 'review_draft']);
  const returned = await status(bystanders.returned);
  expect([returned.status, returned.openSteps.map((s) => `${s.kind}:${s.assigneeId}`)]).toEqual(['draft', ['revise:bdv-focal']]);
  expect((await status(bystanders.signing)).openSteps.map((s) => s.kind)).toEqual(['sign', 'sign', 'sign']);
  expect((await status(bystanders.active)).status).toBe('active');
  for (const id of allPrograms) expect((await trail(id)).filter((e) => e.kind === 'step_cancelled').length, id).toBe(cancelledBefore.get(id));
};

/** Moves the local clock just past the next wake-up of the open step assigned to `assigneeId`. */
const advancePastNextWake = async (id: string, assigneeId: string) => {
  const step = (await status(id)).openSteps.find((s) => s.assigneeId === assigneeId) as { nextReminderAt?: string } | undefined;
  if (!step?.nextReminderAt) throw new Error(`${id} has no open step of ${assigneeId} with a wake-up`);
  const now = Date.parse((await client.expect(200, 'GET', '/_local/clock')).now);
  await client.advanceDays(Math.max(Date.parse(step.nextReminderAt) - now, 0) / 86_400_000 + 1 / 24);
};

const act = async (id: string, official: { id: string; email: string }, action: string, comment = '') =>
  client.act(await client.linkFor(official.email, titleOf(id)), id, official.id, action, comment);

const reviewersApprove = async (id: string) => {
  for (const reviewer of reviewers) expect(await act(id, reviewer, 'approve')).toBe(303);
  await client.settle();
};

beforeAll(async () => {
  [apiPort, sesPort] = [await portOutsideEphemeralRange(), await portOutsideEphemeralRange()];
  client = new Client(`http://localhost:${apiPort}`, `http://localhost:${sesPort}`);
  await start();
  for (const organization of threePartyDirectory.organizations) await client.expect(201, 'POST', '/v1/organizations', organization);
  for (const official of threePartyDirectory.officials) await client.expect(201, 'POST', '/v1/officials', official);
  for (const id of allPrograms) await client.expect(201, 'POST', '/v1/programs', programNamed(id));
  for (const id of [secondWalker, bystanders.review, bystanders.returned, bystanders.signing, bystanders.active])
    await client.expect(202, 'POST', `/v1/programs/${id}/submit`);
  await client.settle();
  expect(await act(bystanders.returned, reviewers[0], 'return', 'Đề nghị bổ sung chỉ tiêu cụ thể.')).toBe(303);
  await reviewersApprove(bystanders.signing);
  await finishProgram(client, bystanders.active);
  await client.settle();
  for (const id of allPrograms) cancelledBefore.set(id, (await trail(id)).filter((e) => e.kind === 'step_cancelled').length);
}, 240_000);

afterAll(async () => {
  for (const started of runs) {
    if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGTERM');
    const timer = setTimeout(() => started.child.kill('SIGKILL'), 15_000);
    await started.exited;
    clearTimeout(timer);
  }
  for (const pid of javaProcessesFor(dataDir)) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  tally.inputs += client?.requests ?? 0;
  tally.serverErrors += client?.serverErrors ?? 0;
  saveTally(tally);
});

const stage = (operation: string): FaultInput => ({
  target: 'lambda',
  operation: 'CosignStage',
  bodyIncludes: [`"operation":"${operation}"`, `"programId":"${walker}"`],
  fault: 'crash_before',
});

describe('SIGKILL at every stage boundary and inside every part of a human step, with programs in every status', () => {
  it('stage boundary: before the review round starts', async () => {
    await crashAndRestart(stage('startReview'), () => client.request('POST', `/v1/programs/${walker}/submit`));
    expect((await status(walker)).openSteps.map((s) => s.assigneeId).sort()).toEqual(['bp-reviewer', 'ca-reviewer']);
  });

  it('decide: after the decision is written, before the wait hears of it', async () => {
    const decision: FaultInput = {
      target: 'dynamodb',
      operation: 'TransactWriteItems',
      bodyIncludes: ['":decided"', `PROGRAM#${walker}`],
      fault: 'crash_after',
    };
    await crashAndRestart(decision, () => act(walker, reviewers[0], 'approve'));
    const view = await status(walker);
    expect(view.openSteps.map((s) => s.assigneeId)).toEqual(['bp-reviewer']);
  });

  it('stage boundary: before the draft goes back to its drafter', async () => {
    await crashAndRestart(stage('returnToDrafter'), () => act(walker, reviewers[1], 'return', 'Đề nghị làm rõ nguồn lực thực hiện.'));
    expect((await status(walker)).openSteps.map((s) => `${s.kind}:${s.assigneeId}`)).toEqual(['revise:bdv-focal']);
  });

  it('a draft back at its drafter: killed while nothing runs', async () => {
    await crashAndRestart('external', async () => undefined);
    expect((await status(walker)).openSteps.map((s) => `${s.kind}:${s.assigneeId}`)).toEqual(['revise:bdv-focal']);
  });

  it('open: after the step is written, before its email', async () => {
    const opened: FaultInput = {
      target: 'dynamodb',
      operation: 'TransactWriteItems',
      bodyIncludes: ['step_opened', `PROGRAM#${walker}`],
      fault: 'crash_after',
    };
    await crashAndRestart(opened, () => act(walker, drafter, 'resubmit', 'Đã bổ sung theo góp ý.'));
    expect((await status(walker)).openSteps.map((s) => s.assigneeId).sort()).toEqual(['bp-reviewer', 'ca-reviewer']);
  });

  it('remind: when the reminder task starts', async () => {
    const remind: FaultInput = { target: 'lambda', operation: 'StepRemind', bodyIncludes: `"subjectId":"${walker}"`, fault: 'crash_before' };
    await crashAndRestart(remind, () => advancePastNextWake(walker, reviewers[0].id));
  });

  it('remind: after the reminder is sent, before it is recorded', async () => {
    const reminded: FaultInput = { target: 'ses', operation: 'SendEmail', bodyIncludes: [reviewers[0].email, titleOf(walker)], fault: 'crash_after' };
    await crashAndRestart(reminded, () => advancePastNextWake(walker, reviewers[0].id));
  });

  it('wait handoff: after the new token is handed to the step', async () => {
    const handoff: FaultInput = { target: 'dynamodb', operation: 'UpdateItem', bodyIncludes: ['taskToken', `PROGRAM#${walker}`], fault: 'crash_after' };
    await crashAndRestart(handoff, () => advancePastNextWake(walker, reviewers[0].id));
  });

  it('stage boundary: before the signing opens', async () => {
    await crashAndRestart(stage('startSigning'), () => reviewersApprove(walker));
    expect((await status(walker)).openSteps.map((s) => s.assigneeId).sort()).toEqual(['bdv-head', 'bp-head', 'ca-head']);
  });

  it('open: after the request email is sent, before it is recorded', async () => {
    const sent: FaultInput = { target: 'ses', operation: 'SendEmail', bodyIncludes: [heads[0].email, titleOf(secondWalker)], fault: 'crash_after' };
    await crashAndRestart(sent, () => reviewersApprove(secondWalker));
    expect(await trail(secondWalker)).toContainEqual(
      expect.objectContaining({ kind: 'email_unconfirmed', detail: expect.objectContaining({ to: heads[0].id, purpose: 'request' }) }),
    );
    expect((await status(secondWalker)).openSteps.map((s) => s.assigneeId).sort()).toEqual(['bdv-head', 'bp-head', 'ca-head']);
  });

  it('decide: before the decision is written', async () => {
    const decision: FaultInput = {
      target: 'dynamodb',
      operation: 'TransactWriteItems',
      bodyIncludes: ['":decided"', `PROGRAM#${walker}`],
      fault: 'crash_before',
    };
    await crashAndRestart(decision, () => act(walker, heads[0], 'sign'));
    expect((await status(walker)).openSteps.map((s) => s.assigneeId).sort()).toEqual(['bdv-head', 'bp-head', 'ca-head']);
  });

  it('stage boundary: before the program is activated', async () => {
    await crashAndRestart(stage('activate'), async () => {
      for (const head of heads) await act(walker, head, 'sign');
    });
    expect((await status(walker)).status).toBe('active');
  });

  it('every program finishes, with every decision and email accounted for', async () => {
    for (const id of Object.values(bystanders).filter((id) => id !== bystanders.active)) {
      if ((await status(id)).status === 'draft' && id === bystanders.draft) await client.expect(202, 'POST', `/v1/programs/${id}/submit`);
    }
    await client.settle();
    for (const id of allPrograms) await finishProgram(client, id);
    // The reminder crashed after its send is on a trail (it was the day's digest if the reviewer had several open steps).
    const trails = (await Promise.all(allPrograms.map(trail))).flat();
    expect(trails).toContainEqual(
      expect.objectContaining({
        kind: 'email_unconfirmed',
        detail: expect.objectContaining({ to: reviewers[0].id, purpose: expect.stringMatching(/^(reminder|digest)$/) }),
      }),
    );
    const audit = await auditPrograms(client, allPrograms);
    tally.decisionsLost += audit.decisionsLost;
    tally.decisionsDoubled += audit.decisionsDoubled;
    tally.emailsUnaccounted += audit.emailsUnaccounted;
    expect(audit.findings).toEqual([]);
    tally.faultsSurvived = tally.faultsInjected;
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import type { faultRule } from '../../infra/local/faults.js';
import { auditPrograms, type Client, drafter, finishProgram, heads, type ProgramEvent, programNamed, reviewers } from './accounting.js';
import { CrashableSystem } from './crashable.js';
import { newTally, saveTally } from './reliability.js';

/**
 * `npm start` killed (SIGKILL, the fault switch doing it at the chosen instant) and started again
 * at each stage boundary and inside each part of a human step (open, wait handoff, remind, decide),
 * while programs stand in every status, one of them a draft back at its drafter. After each restart
 * nothing is cancelled or doubled, the process keeps running, and the crashed program then finishes
 * with every decision and email accounted for; at the end so does every other program.
 *
 * The tests share one `npm start` and the bystanders, and nothing else: each walks a program of its
 * own to the point it crashes at (in any order: `vitest run --sequence.shuffle` runs them so), and
 * starts from a running system with no fault armed whatever the test before it left.
 */
const tally = newTally('SIGKILL and restart of npm start');
const dataDir = mkdtempSync(path.join(tmpdir(), 'faults-restarts-'));
let system: CrashableSystem;
let client: Client;

/** Programs standing still in every status while the tests crash theirs. */
const bystanders = { draft: 'in-draft', review: 'in-review', returned: 'back-at-drafter', signing: 'in-signing', active: 'signed' } as const;
/** Every program of the run: the bystanders and each test's own (ids never a prefix of another: faults match on them). */
const allPrograms: string[] = [...Object.values(bystanders)];
/** Steps cancelled on purpose (the rest of a round when a reviewer returns the draft), by program, before any crash. */
const cancelledBefore = new Map<string, number>();
const titleOf = (id: string) => programNamed(id).title;
type FaultInput = z.input<typeof faultRule>;


/** Arms a crash, does what reaches it, and waits for the SIGKILL; then starts again and lets the system settle. */
const crashAndRestart = async (fault: FaultInput | 'external', trigger: () => Promise<unknown>) => {
  const current = system.current!;
  if (fault !== 'external') await client.expect(201, 'POST', '/_local/faults', fault);
  const triggered = trigger().catch(() => undefined);
  if (fault === 'external') current.child.kill('SIGKILL');
  const code = await Promise.race([current.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 60_000))]);
  expect(code, `the crash ${JSON.stringify(fault)} was reached`).toBeNull();
  expect(current.child.signalCode).toBe('SIGKILL');
  await triggered;
  tally.restarts += 1;
  tally.faultsInjected += 1;
  await system.start();
  await client.settle();
  await expectNothingBrokeOnRestart();
};

const status = async (id: string) =>
  (await client.expect(200, 'GET', `/v1/programs/${id}`)) as { status: string; openSteps: { kind: string; assigneeId: string }[] };
const trail = async (id: string) => (await client.expect(200, 'GET', `/v1/programs/${id}/events`)).events as ProgramEvent[];
const cancellations = async (id: string) => (await trail(id)).filter((e) => e.kind === 'step_cancelled').length;

/** Every bystander stands where it stood; no step was cancelled; the restarted process did not crash. */
const expectNothingBrokeOnRestart = async () => {
  expect(system.current!.output()).not.toMatch(/stopped on an unexpected error|could not start/);
  expect((await status(bystanders.draft)).status).toBe('draft');
  expect((await status(bystanders.review)).openSteps.map((s) => s.kind)).toEqual(['review_draft', 'review_draft']);
  const returned = await status(bystanders.returned);
  expect([returned.status, returned.openSteps.map((s) => `${s.kind}:${s.assigneeId}`)]).toEqual(['draft', ['revise:bdv-focal']]);
  expect((await status(bystanders.signing)).openSteps.map((s) => s.kind)).toEqual(['sign', 'sign', 'sign']);
  expect((await status(bystanders.active)).status).toBe('active');
  for (const [id, before] of cancelledBefore) expect(await cancellations(id), id).toBe(before);
};

/** Moves the local clock just past the next wake-up of the open step assigned to `assigneeId`. */
const advancePastNextWake = async (id: string, assigneeId: string) => {
  const step = (await status(id)).openSteps.find((s) => s.assigneeId === assigneeId) as { nextReminderAt?: string } | undefined;
  if (!step?.nextReminderAt) throw new Error(`${id} has no open step of ${assigneeId} with a wake-up`);
  const now = Date.parse((await client.expect(200, 'GET', '/_local/clock')).now);
  await client.advanceDays(Math.max(Date.parse(step.nextReminderAt) - now, 0) / 86_400_000 + 1 / 24);
};

/** Does `advance` until the armed crash stops npm start (at most five times). */
const untilCrashed = async (advance: () => Promise<void>) => {
  const current = system.current!;
  for (let attempt = 0; attempt < 5 && current.child.exitCode === null && current.child.signalCode === null; attempt += 1) await advance();
};

/** Every open step of `officialId` reminds once more: the next email about a step puts one its task sent just before a crash on the trail. */
const remindEveryStepOf = async (officialId: string) => {
  for (const id of allPrograms) if ((await status(id)).openSteps.some((s) => s.assigneeId === officialId)) await advancePastNextWake(id, officialId);
  await client.settle();
};

const act = async (id: string, official: { id: string; email: string }, action: string, comment = '') =>
  client.act(await client.linkFor(official.email, titleOf(id)), id, official.id, action, comment);

const reviewersApprove = async (id: string) => {
  for (const reviewer of reviewers) expect(await act(id, reviewer, 'approve')).toBe(303);
  await client.settle();
};

/** Where a test's own program stands when its crash is armed. */
type Stage = 'draft' | 'review' | 'review, one approval' | 'back at drafter' | 'signing';

/** A program of the test's own, walked (without faults) to `stage`; its cancellations so far are on purpose. */
const programAt = async (id: string, stage: Stage): Promise<string> => {
  expect(allPrograms.some((other) => other.startsWith(id) || id.startsWith(other)), `${id} is no prefix of another id`).toBe(false);
  allPrograms.push(id);
  await client.expect(201, 'POST', '/v1/programs', programNamed(id));
  if (stage !== 'draft') {
    await client.expect(202, 'POST', `/v1/programs/${id}/submit`);
    await client.settle();
  }
  if (stage === 'review, one approval') expect(await act(id, reviewers[0], 'approve')).toBe(303);
  if (stage === 'back at drafter') expect(await act(id, reviewers[0], 'return', 'Đề nghị làm rõ nguồn lực thực hiện.')).toBe(303);
  if (stage === 'signing') await reviewersApprove(id);
  await client.settle();
  cancelledBefore.set(id, await cancellations(id));
  return id;
};

/** The crashed program finishes, and the outbox and the trails agree on every decision and email so far. */
const finishesAccountedFor = async (id: string) => {
  await finishProgram(client, id);
  const audit = await auditPrograms(client, [id], allPrograms);
  tally.decisionsLost += audit.decisionsLost;
  tally.decisionsDoubled += audit.decisionsDoubled;
  expect(audit.findings).toEqual([]);
  tally.faultsSurvived += 1;
};

beforeAll(async () => {
  ({ system, client } = await CrashableSystem.startWithDirectory(dataDir));
  for (const id of Object.values(bystanders)) await client.expect(201, 'POST', '/v1/programs', programNamed(id));
  for (const id of [bystanders.review, bystanders.returned, bystanders.signing, bystanders.active]) await client.expect(202, 'POST', `/v1/programs/${id}/submit`);
  await client.settle();
  expect(await act(bystanders.returned, reviewers[0], 'return', 'Đề nghị bổ sung chỉ tiêu cụ thể.')).toBe(303);
  await reviewersApprove(bystanders.signing);
  await finishProgram(client, bystanders.active);
  await client.settle();
  for (const id of Object.values(bystanders)) cancelledBefore.set(id, await cancellations(id));
}, 240_000);

// Whatever the test before left (a crash it never reached, a restart that failed), the next one
// starts from a running system with no fault armed.
beforeEach(async () => {
  if (!system.running()) await system.start();
  await client.expect(200, 'DELETE', '/_local/faults');
});

afterAll(async () => {
  try {
    // Every program finishes, the bystanders too, with every decision and email accounted for.
    if (system?.running()) {
      await client.expect(202, 'POST', `/v1/programs/${bystanders.draft}/submit`);
      await client.settle();
      for (const id of allPrograms) await finishProgram(client, id);
      const audit = await auditPrograms(client, allPrograms);
      tally.decisionsLost += audit.decisionsLost;
      tally.decisionsDoubled += audit.decisionsDoubled;
      tally.emailsUnaccounted += audit.emailsUnaccounted;
      expect(audit.findings).toEqual([]);
    }
  } finally {
    await system?.stop();
    tally.inputs += client?.requests ?? 0;
    tally.serverErrors += client?.serverErrors ?? 0;
    saveTally(tally);
  }
}, 240_000);

const stage = (id: string, operation: string): FaultInput => ({
  target: 'lambda',
  operation: 'CosignStage',
  bodyIncludes: [`"operation":"${operation}"`, `"programId":"${id}"`],
  fault: 'crash_before',
});

describe('SIGKILL at every stage boundary and inside every part of a human step, with programs in every status', () => {
  it('stage boundary: before the review round starts', async () => {
    const id = await programAt('review-start', 'draft');
    await crashAndRestart(stage(id, 'startReview'), () => client.request('POST', `/v1/programs/${id}/submit`));
    expect((await status(id)).openSteps.map((s) => s.assigneeId).sort()).toEqual(['bp-reviewer', 'ca-reviewer']);
    await finishesAccountedFor(id);
  });

  it('decide: after the decision is written, before the wait hears of it', async () => {
    const id = await programAt('decided-unheard', 'review');
    const decision: FaultInput = {
      target: 'dynamodb',
      operation: 'TransactWriteItems',
      bodyIncludes: ['":decided"', `PROGRAM#${id}`],
      fault: 'crash_after',
    };
    await crashAndRestart(decision, () => act(id, reviewers[0], 'approve'));
    expect((await status(id)).openSteps.map((s) => s.assigneeId)).toEqual(['bp-reviewer']);
    await finishesAccountedFor(id);
  });

  it('stage boundary: before the draft goes back to its drafter', async () => {
    const id = await programAt('return-to-drafter', 'review, one approval');
    await crashAndRestart(stage(id, 'returnToDrafter'), () => act(id, reviewers[1], 'return', 'Đề nghị làm rõ nguồn lực thực hiện.'));
    expect((await status(id)).openSteps.map((s) => `${s.kind}:${s.assigneeId}`)).toEqual(['revise:bdv-focal']);
    await finishesAccountedFor(id);
  });

  it('a draft back at its drafter: killed while nothing runs', async () => {
    const id = await programAt('idle-at-drafter', 'back at drafter');
    await crashAndRestart('external', async () => undefined);
    expect((await status(id)).openSteps.map((s) => `${s.kind}:${s.assigneeId}`)).toEqual(['revise:bdv-focal']);
    await finishesAccountedFor(id);
  });

  it('open: after the step is written, before its email', async () => {
    const id = await programAt('opened-unsent', 'back at drafter');
    const opened: FaultInput = {
      target: 'dynamodb',
      operation: 'TransactWriteItems',
      bodyIncludes: ['step_opened', `PROGRAM#${id}`],
      fault: 'crash_after',
    };
    await crashAndRestart(opened, () => act(id, drafter, 'resubmit', 'Đã bổ sung theo góp ý.'));
    expect((await status(id)).openSteps.map((s) => s.assigneeId).sort()).toEqual(['bp-reviewer', 'ca-reviewer']);
    await finishesAccountedFor(id);
  });

  it('remind: when the reminder task starts', async () => {
    const id = await programAt('remind-start', 'review');
    const remind: FaultInput = { target: 'lambda', operation: 'StepRemind', bodyIncludes: `"subjectId":"${id}"`, fault: 'crash_before' };
    await crashAndRestart(remind, () => advancePastNextWake(id, reviewers[0].id));
    await finishesAccountedFor(id);
  });

  it('remind: after the reminder is sent, before it is recorded', async () => {
    const id = await programAt('reminded-unrecorded', 'review');
    const reminded: FaultInput = { target: 'ses', operation: 'SendEmail', bodyIncludes: [reviewers[0].email, titleOf(id)], fault: 'crash_after' };
    // The reviewer has several open steps (a bystander's too), so the reminder is the day's digest,
    // sent by the first of their steps to wake that day: a wake-up on a day whose digest went out
    // already sends nothing, and the crash comes at a later one.
    await crashAndRestart(reminded, () => untilCrashed(() => advancePastNextWake(id, reviewers[0].id)));
    // Whichever step's task sent it, that step's next reminder puts it on the trail.
    await remindEveryStepOf(reviewers[0].id);
    const trails = (await Promise.all(allPrograms.map(trail))).flat();
    expect(trails).toContainEqual(
      expect.objectContaining({
        kind: 'email_unconfirmed',
        detail: expect.objectContaining({ to: reviewers[0].id, purpose: expect.stringMatching(/^(reminder|digest)$/) }),
      }),
    );
    await finishesAccountedFor(id);
  });

  it('wait handoff: after the new token is handed to the step', async () => {
    const id = await programAt('token-handoff', 'review');
    const handoff: FaultInput = { target: 'dynamodb', operation: 'UpdateItem', bodyIncludes: ['taskToken', `PROGRAM#${id}`], fault: 'crash_after' };
    await crashAndRestart(handoff, () => advancePastNextWake(id, reviewers[0].id));
    await finishesAccountedFor(id);
  });

  it('stage boundary: before the signing opens', async () => {
    const id = await programAt('signing-start', 'review');
    await crashAndRestart(stage(id, 'startSigning'), () => reviewersApprove(id));
    expect((await status(id)).openSteps.map((s) => s.assigneeId).sort()).toEqual(['bdv-head', 'bp-head', 'ca-head']);
    await finishesAccountedFor(id);
  });

  it('open: after the request email is sent, before it is recorded', async () => {
    const id = await programAt('requested-unrecorded', 'review');
    const sent: FaultInput = { target: 'ses', operation: 'SendEmail', bodyIncludes: [heads[0].email, titleOf(id)], fault: 'crash_after' };
    await crashAndRestart(sent, () => reviewersApprove(id));
    expect(await trail(id)).toContainEqual(
      expect.objectContaining({ kind: 'email_unconfirmed', detail: expect.objectContaining({ to: heads[0].id, purpose: 'request' }) }),
    );
    expect((await status(id)).openSteps.map((s) => s.assigneeId).sort()).toEqual(['bdv-head', 'bp-head', 'ca-head']);
    await finishesAccountedFor(id);
  });

  it('decide: before the decision is written', async () => {
    const id = await programAt('sign-unwritten', 'signing');
    const decision: FaultInput = {
      target: 'dynamodb',
      operation: 'TransactWriteItems',
      bodyIncludes: ['":decided"', `PROGRAM#${id}`],
      fault: 'crash_before',
    };
    await crashAndRestart(decision, () => act(id, heads[0], 'sign'));
    expect((await status(id)).openSteps.map((s) => s.assigneeId).sort()).toEqual(['bdv-head', 'bp-head', 'ca-head']);
    await finishesAccountedFor(id);
  });

  it('stage boundary: before the program is activated', async () => {
    const id = await programAt('activation', 'signing');
    await crashAndRestart(stage(id, 'activate'), async () => {
      for (const head of heads) await act(id, head, 'sign');
    });
    expect((await status(id)).status).toBe('active');
    await finishesAccountedFor(id);
  });
});

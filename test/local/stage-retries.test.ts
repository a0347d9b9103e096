import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newStage } from '#shared/store/stages.js';
import { store } from '#shared/store/table.js';
import { programSubject } from '#shared/subject-ref.js';
import { startWithThreePartyProgram, type TestSystem, threePartyDirectory } from './helpers.js';

const programId = threePartyDirectory.program.id;
let t: TestSystem;
let stage: (operation: string) => Promise<unknown>;

beforeAll(async () => {
  t = await startWithThreePartyProgram({ submit: false });
  const id = t.system.functionIdOf('shared/stages/cosign/handler.ts');
  // The stage's record, as submitting writes it, without an execution: this test plays the execution.
  await store().transact([newStage(store(), programSubject(programId), 'cosign', '1', 'played-by-the-test')]);
  stage = (operation) => t.system.invokeFunction(id, { operation, programId, stageId: 'cosign-1' });
});
afterAll(async () => {
  await t?.stop();
});

const statusChanges = async () =>
  ((await t.get(`/v1/programs/${programId}/events`)).body.events as { kind: string; detail: { to: string } }[])
    .filter((e) => e.kind === 'status_changed')
    .map((e) => e.detail.to);

describe('Stage tasks retried by Step Functions change the program once', () => {
  it('starts one review round, returns the draft once, activates once', async () => {
    const first = await stage('startReview');
    expect(await stage('startReview')).toEqual(first);
    expect(first).toMatchObject({ number: 1 });

    const returned = await stage('returnToDrafter');
    expect(await stage('returnToDrafter')).toEqual(returned);
    expect(returned).toEqual({ round: 1, assignment: { partyOrganizationId: 'bdv', assigneeId: 'bdv-focal' } });

    await stage('startReview');
    const signing = await stage('startSigning');
    expect(await stage('startSigning')).toEqual(signing);
    expect(signing).toMatchObject({ number: 3 });

    const activated = (await stage('activate')) as { milestones: number };
    expect(await stage('activate')).toEqual(activated);
    // Signed on the test clock's day (March 2026) for 2022–2026: its first plan and the final review; the reviews whose day had passed are left out.
    expect(activated.milestones).toBe(2);

    expect(await statusChanges()).toEqual(['in_review', 'draft', 'in_review', 'signing', 'active']);
    const program = (await t.get(`/v1/programs/${programId}`)).body;
    expect(program.milestones).toHaveLength(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, startWithThreePartyProgram, type TestSystem, threePartyDirectory } from './helpers.js';

const programId = threePartyDirectory.program.id;
let t: TestSystem;

beforeAll(async () => {
  t = await startWithThreePartyProgram({ submit: false });
});
afterAll(async () => {
  await t?.stop();
});

describe('Following and resuming programs', () => {
  it('lists every program for staff, filtered by status, with a clear error for an unknown status', async () => {
    expect((await t.get('/v1/programs')).body.programs).toEqual([
      expect.objectContaining({ id: programId, status: 'draft', title: threePartyDirectory.program.title }),
    ]);
    expect((await t.get('/v1/programs?status=active')).body.programs).toEqual([]);
    const bad = await t.get('/v1/programs?status=finished');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('status');
  });

  it('refuses to resume a stage that was never started or is still running', async () => {
    expect((await t.post(`/v1/programs/${programId}/resume`)).status).toBe(409);
    await t.post(`/v1/programs/${programId}/submit`);
    await t.settle();
    const running = await t.post(`/v1/programs/${programId}/resume`);
    expect(running.status).toBe(409);
    expect(running.body.error.message).toContain('still running');
  });

  it('resumes a signing stage whose execution was lost, without asking anyone twice or losing a signature', async () => {
    for (const reviewer of ['ca.reviewer@example.vn', 'bp.reviewer@example.vn']) await act(await t.latestLink(reviewer), 'approve');
    await t.settle();
    await act(await t.latestLink('bdv.head@example.vn'), 'sign');
    await t.settle();
    const emailsBefore = (await t.outbox()).length;

    // The execution dies (a Lambda bug in AWS, a restart locally): the alarm fires, the operator resumes.
    const [execution] = t.system.stepFunctions.listExecutions();
    t.system.stepFunctions.stopExecution(execution!.arn);
    const resumed = await t.post(`/v1/programs/${programId}/resume`);
    expect(resumed.status).toBe(202);
    expect(resumed.body.execution).toBe(`${programId}-cosign-1-resume-1`);
    await t.settle();

    // Open steps are found again, not reopened: no new request emails
    expect((await t.outbox()).length).toBe(emailsBefore);
    // The links already in people's mailboxes still work
    for (const head of ['ca.head@example.vn', 'bp.head@example.vn']) await act(await t.latestLink(head, 'Đề nghị ký'), 'sign');
    await t.settle();
    const program = (await t.get(`/v1/programs/${programId}`)).body;
    expect(program.status).toBe('active');
    expect(Object.keys(program.signatures).sort()).toEqual(['bdv', 'bp', 'ca']);
    const kinds = ((await t.get(`/v1/programs/${programId}/events`)).body.events as { kind: string }[]).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'stage_resumed')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'decision')).toHaveLength(5);
  });
});

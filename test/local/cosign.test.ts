import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, getPage, loadThreePartyDirectory, TestSystem, threePartyDirectory } from './helpers.js';

const programId = threePartyDirectory.program.id;
let t: TestSystem;

beforeAll(async () => {
  t = await TestSystem.start();
  await loadThreePartyDirectory(t);
});
afterAll(async () => {
  await t?.stop();
});

const program = async () => (await t.get(`/v1/programs/${programId}`)).body;
const eventKinds = async () => ((await t.get(`/v1/programs/${programId}/events`)).body.events as { kind: string }[]).map((e) => e.kind);

describe('Draft review and co-sign, end to end on the local stand-ins', () => {
  it('takes a three-party program from draft through a returned review and a resubmission to active', async () => {
    // Create and submit
    const created = await t.post('/v1/programs', threePartyDirectory.program);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: programId, status: 'draft', documentVersion: 1 });
    expect(created.body).not.toHaveProperty('lock');
    expect((await t.post(`/v1/programs/${programId}/submit`)).status).toBe(202);
    await t.settle();
    expect((await program()).status).toBe('in_review');

    // Both non-lead reviewers are asked, with a subject that says what and by when
    const [caRequest] = await t.emailsTo('ca.reviewer@example.vn');
    expect(caRequest?.subject).toBe(
      'Đề nghị cho ý kiến dự thảo “Chương trình phối hợp công tác dân vận giai đoạn 2022–2026” – hạn 09/03/2026',
    );
    expect(caRequest?.body.text).toContain('Kính gửi đồng chí Thượng tá Vũ Thị Giang, Trưởng phòng Tham mưu.');
    expect(await t.emailsTo('bp.reviewer@example.vn')).toHaveLength(1);
    expect(await t.emailsTo('bdv.focal@example.vn')).toHaveLength(0);

    // The police reviewer returns the draft; the comment is user text and must stay text
    const comment = 'Đề nghị bổ sung nội dung phòng chống ma túy <script>alert(1)</script>';
    const returned = await act(await t.latestLink('ca.reviewer@example.vn'), 'return', comment);
    expect(returned.status).toBe(200);
    expect(returned.html).toContain('trả lại dự thảo kèm góp ý');
    await t.settle();

    // The round ends: the other review is cancelled, the drafter is asked to revise, with the comment escaped
    const afterReturn = await program();
    expect(afterReturn.status).toBe('draft');
    expect(afterReturn.openSteps.map((s: { stepId: string }) => s.stepId)).toEqual(['cosign-1.revise-r1-bdv']);
    const revisionEmail = (await t.emailsTo('bdv.focal@example.vn')).at(-1)!;
    expect(revisionEmail.subject).toContain('Đề nghị chỉnh sửa dự thảo');
    expect(revisionEmail.body.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(revisionEmail.body.html).not.toContain('<script>');
    const stale = await getPage(await t.latestLink('bp.reviewer@example.vn'));
    expect(stale.html).toContain('Việc này không còn chờ xử lý');

    // The drafter revises the second item and resubmits: version 2, a new review round
    const items = threePartyDirectory.program.contentItems.map((item) => item.text);
    items[1] = 'Xây dựng phong trào Toàn dân bảo vệ an ninh Tổ quốc; phòng, chống ma túy trong thanh thiếu niên.';
    const resubmitted = await act(await t.latestLink('bdv.focal@example.vn'), 'resubmit', 'Đã tiếp thu góp ý của Công an tỉnh', items.map((text) => ['contentItems', text]));
    expect(resubmitted.status).toBe(200);
    await t.settle();
    const secondRound = await program();
    expect(secondRound).toMatchObject({ status: 'in_review', documentVersion: 2, round: 2 });
    expect(secondRound.contentItems[1].text).toBe(items[1]);
    expect(secondRound.versions).toHaveLength(2);

    // Reviewers see what changed, and approve
    const reviewPage = await getPage(await t.latestLink('ca.reviewer@example.vn'));
    expect(reviewPage.html).toContain('Đã sửa');
    expect(reviewPage.html).toContain('phòng, chống ma túy trong thanh thiếu niên');
    for (const reviewer of ['ca.reviewer@example.vn', 'bp.reviewer@example.vn']) {
      expect((await act(await t.latestLink(reviewer), 'approve')).status).toBe(200);
    }
    await t.settle();
    expect((await program()).status).toBe('signing');

    // Every head signs, the lead included
    for (const head of ['bdv.head@example.vn', 'ca.head@example.vn', 'bp.head@example.vn']) {
      const signed = await act(await t.latestLink(head, 'Đề nghị ký'), 'sign');
      expect(signed.status).toBe(200);
      expect(signed.html).toContain('ký chương trình');
    }
    await t.settle();

    const active = await program();
    expect(active.status).toBe('active');
    expect(Object.keys(active.signatures).sort()).toEqual(['bdv', 'bp', 'ca']);
    expect(active.signatures.ca).toMatchObject({ organizationId: 'ca', signedBy: 'ca-head' });
    expect(active.signedAt).toBe('2026-03-02T01:00:00.000Z');
    expect(active.openSteps).toEqual([]);
    const milestoneKinds = active.milestones.map((m: { kind: string }) => m.kind);
    // Signed in March 2026, the last year of 2022–2026: its first plan and the final review; the reviews whose day had passed are left out.
    expect(milestoneKinds.sort()).toEqual(['annual_plan_2022', 'final_review']);

    const kinds = await eventKinds();
    expect(kinds.filter((k) => k === 'decision')).toHaveLength(7);
    expect(kinds).toEqual(expect.arrayContaining(['program_created', 'program_submitted', 'step_opened', 'email_sent', 'step_cancelled', 'status_changed']));
    const execution = t.system.stepFunctions.listExecutions().find((e) => e.name.startsWith(programId));
    expect(execution?.status).toBe('SUCCEEDED');
  });

  it('opens the first annual plan milestone on the daily tick of the day it falls due', async () => {
    const before = (await program()).milestones.find((m: { kind: string }) => m.kind === 'annual_plan_2022');
    expect(before).toMatchObject({ dueDate: '2026-04-01', status: 'scheduled' });
    await t.advanceDays(29);
    expect((await eventKinds()).filter((k) => k === 'milestone_due')).toHaveLength(0);
    await t.advanceDays(2);
    const after = (await program()).milestones.find((m: { kind: string }) => m.kind === 'annual_plan_2022');
    expect(after).toMatchObject({ status: 'due', dueSince: '2026-04-01' });
    expect((await eventKinds()).filter((k) => k === 'milestone_due')).toHaveLength(1);
  });

  it('refuses to submit a program twice or one that does not exist', async () => {
    expect((await t.post(`/v1/programs/${programId}/submit`)).status).toBe(409);
    expect((await t.post('/v1/programs/nowhere/submit')).status).toBe(404);
  });

  it('validates a program: parties, the lead among them, the period', async () => {
    const invalid = await t.post('/v1/programs', {
      ...threePartyDirectory.program,
      id: 'bad',
      leadOrganizationId: 'elsewhere',
      period: { startYear: 2026, endYear: 2022 },
      parties: threePartyDirectory.program.parties.slice(0, 1),
    });
    expect(invalid.status).toBe(400);
    const paths = invalid.body.error.issues.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['parties', 'period.endYear', 'leadOrganizationId']));
  });
});

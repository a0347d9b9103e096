import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, getPage, startWithThreePartyProgram, type TestSystem, threePartyDirectory } from './helpers.js';

const programId = threePartyDirectory.program.id;
let t: TestSystem;

beforeAll(async () => {
  t = await startWithThreePartyProgram();
  for (const reviewer of ['ca.reviewer@example.vn', 'bp.reviewer@example.vn']) await act(await t.latestLink(reviewer), 'approve');
  await t.settle();
  for (const head of ['bdv.head@example.vn', 'bp.head@example.vn']) await act(await t.latestLink(head), 'sign');
  await t.settle();
});
afterAll(async () => {
  await t?.stop();
});

const subjectsTo = async (address: string) => (await t.emailsTo(address)).map((email) => email.subject);
const events = async () => (await t.get(`/v1/programs/${programId}/events`)).body.events as { kind: string; stepId?: string; detail?: Record<string, unknown> }[];

describe('Reminders, overdue notice and escalation of a signatory who ignores the emails', () => {
  it('reminds two working days before the due date and on it, sends the formal notice the next working day, then asks the deputy and tells the focal point', async () => {
    expect((await t.get(`/v1/programs/${programId}`)).body.status).toBe('signing');
    // Opened Monday 2 March 2026: five working days, due Monday 9 March
    expect(await subjectsTo('ca.head@example.vn')).toEqual([expect.stringMatching(/^Đề nghị ký Chương trình phối hợp .* – hạn 09\/03\/2026$/)]);

    await t.advanceDays(2); // Wednesday 4 March
    expect(await subjectsTo('ca.head@example.vn')).toHaveLength(1);

    await t.advanceDays(1); // Thursday 5 March: two working days before the due date
    expect((await subjectsTo('ca.head@example.vn')).at(-1)).toMatch(/^Nhắc lần 1: Đề nghị ký/);

    await t.advanceDays(4); // Monday 9 March: the due date (nothing over the weekend)
    expect(await subjectsTo('ca.head@example.vn')).toHaveLength(3);
    expect((await subjectsTo('ca.head@example.vn')).at(-1)).toMatch(/^Nhắc lần 2: Đề nghị ký/);

    await t.advanceDays(1); // Tuesday 10 March: the formal notice
    expect((await subjectsTo('ca.head@example.vn')).at(-1)).toMatch(/^Thông báo quá hạn: Đề nghị ký/);
    expect(await t.emailsTo('ca.deputy@example.vn')).toHaveLength(0);

    await t.advanceDays(2); // Thursday 12 March: three reminders unanswered, the first rung; the notice was not a reminder
    expect((await subjectsTo('ca.head@example.vn')).at(-1)).toMatch(/^Nhắc lần 3: Đề nghị ký/);
    expect(await subjectsTo('ca.deputy@example.vn')).toEqual([expect.stringMatching(/^Đề nghị xử lý thay: Đề nghị ký/)]);
    expect((await subjectsTo('bdv.focal@example.vn')).at(-1)).toMatch(/^Báo cáo chậm xử lý: /);
    const notice = (await t.emailsTo('bdv.focal@example.vn')).at(-1)!;
    expect(notice.body.text).toContain('Đại tá Hồ Văn Em chưa xử lý');
    expect(notice.body.text).not.toMatch(/\/a\//);
    // The second level is told only some working days later
    expect(await t.emailsTo('superior@example.vn')).toHaveLength(0);

    const pending = (await t.get('/v1/officials/ca-head/pending')).body.steps;
    expect(pending).toEqual([expect.objectContaining({ stepId: 'cosign-1.sign-r2-ca', remindersSent: 4 })]);
  });

  it('lets the deputy sign for the head, recorded as KT., and the program becomes active', async () => {
    const deputyLink = await t.latestLink('ca.deputy@example.vn');
    const page = await getPage(deputyLink);
    expect(page.html).toContain('KT. đồng chí Đại tá Hồ Văn Em, Giám đốc Công an tỉnh');

    const signed = await act(deputyLink, 'sign');
    expect(signed.status).toBe(200);
    expect(signed.html).toContain('(KT.)');
    await t.settle();

    const program = (await t.get(`/v1/programs/${programId}`)).body;
    expect(program.status).toBe('active');
    expect(program.signatures.ca).toMatchObject({ signedBy: 'ca-deputy', onBehalfOf: 'ca-head', capacity: 'KT.' });
    expect((await t.get('/v1/officials/ca-head/pending')).body.steps).toEqual([]);

    // The head's own link now says who decided, and when
    const late = await getPage(await t.latestLink('ca.head@example.vn'));
    expect(late.status).toBe(200);
    expect(late.html).not.toContain('name="csrf"');
    expect(late.html).toContain('Đồng chí Đại tá Lê Văn Cường đã ký chương trình lúc 08:00 12/03/2026 (KT.)');
  });

  it('keeps the whole story in the audit trail, in order', async () => {
    const trail = (await events()).filter((e) => e.stepId === 'cosign-1.sign-r2-ca');
    expect(trail.map((e) => e.kind).filter((k) => k !== 'email_sent')).toEqual(['step_opened', 'reminder', 'reminder', 'overdue_notice', 'reminder', 'escalation', 'decision']);
    expect(trail.find((e) => e.kind === 'escalation')?.detail).toMatchObject({ rung: 1, to: ['ca-deputy', 'bdv-focal'], deputyMayAct: true });
    expect(trail.filter((e) => e.kind === 'email_sent').map((e) => e.detail?.to)).toEqual(['ca-head', 'ca-head', 'ca-head', 'ca-head', 'ca-head', 'ca-deputy', 'bdv-focal']);
  });
});

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
  it('reminds 3 days before the due date, sends the formal notice on it, then escalates to the deputy, the superior and the focal point', async () => {
    expect((await t.get(`/v1/programs/${programId}`)).body.status).toBe('signing');
    expect(await subjectsTo('ca.head@example.vn')).toEqual([expect.stringMatching(/^Đề nghị ký Chương trình phối hợp .* – hạn 07\/03\/2026$/)]);

    await t.advanceDays(1);
    expect(await subjectsTo('ca.head@example.vn')).toHaveLength(1);

    await t.advanceDays(1); // 4 March: three days before the due date
    expect((await subjectsTo('ca.head@example.vn')).at(-1)).toMatch(/^Nhắc lần 1: Đề nghị ký/);

    await t.advanceDays(3); // 7 March: the due date
    expect((await subjectsTo('ca.head@example.vn')).at(-1)).toMatch(/^Thông báo quá hạn: Đề nghị ký/);
    expect(await t.emailsTo('ca.deputy@example.vn')).toHaveLength(0);

    await t.advanceDays(2); // 9 March: third reminder, and the escalation
    expect((await subjectsTo('ca.head@example.vn')).at(-1)).toMatch(/^Nhắc lần 3: Đề nghị ký/);
    expect(await subjectsTo('ca.deputy@example.vn')).toEqual([expect.stringMatching(/^Đề nghị xử lý thay: Đề nghị ký/)]);
    expect(await subjectsTo('superior@example.vn')).toEqual([expect.stringMatching(/^Báo cáo chậm xử lý: /)]);
    expect((await subjectsTo('bdv.focal@example.vn')).at(-1)).toMatch(/^Báo cáo chậm xử lý: /);
    const notice = (await t.emailsTo('superior@example.vn'))[0]!;
    expect(notice.body.text).toContain('Đại tá Hồ Văn Em chưa xử lý');
    expect(notice.body.text).not.toMatch(/\/a\//);

    const pending = (await t.get('/v1/officials/ca-head/pending')).body.steps;
    expect(pending).toEqual([expect.objectContaining({ stepId: 'cosign-1.sign-r2-ca', remindersSent: 3 })]);
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
    expect(late.html).toContain('Đồng chí Đại tá Lê Văn Cường đã ký chương trình lúc 08:00 09/03/2026 (KT.)');
  });

  it('keeps the whole story in the audit trail, in order', async () => {
    const trail = (await events()).filter((e) => e.stepId === 'cosign-1.sign-r2-ca');
    expect(trail.map((e) => e.kind).filter((k) => k !== 'email_sent')).toEqual([
      'step_opened',
      'reminder',
      'overdue_notice',
      'reminder',
      'escalation',
      'decision',
    ]);
    expect(trail.find((e) => e.kind === 'escalation')?.detail).toMatchObject({ to: ['ca-deputy', 'ca-superior', 'bdv-focal'], deputyMayAct: true });
    expect(trail.filter((e) => e.kind === 'email_sent').map((e) => e.detail?.to)).toEqual([
      'ca-head',
      'ca-head',
      'ca-head',
      'ca-head',
      'ca-deputy',
      'ca-superior',
      'bdv-focal',
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, csrfOf, getPage, startWithThreePartyProgram, type TestSystem, threePartyDirectory } from './helpers.js';

const programId = threePartyDirectory.program.id;
let t: TestSystem;

beforeAll(async () => {
  t = await startWithThreePartyProgram();
});
afterAll(async () => {
  await t?.stop();
});

const decisions = async () =>
  ((await t.get(`/v1/programs/${programId}/events`)).body.events as { kind: string }[]).filter((e) => e.kind === 'decision');
const post = (link: string, fields: Record<string, string>) =>
  fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });

describe('Action links', () => {
  it('shows the page on GET and changes nothing, however often it is fetched', async () => {
    const link = await t.latestLink('ca.reviewer@example.vn');
    const before = (await t.get(`/v1/programs/${programId}`)).body;
    for (let i = 0; i < 3; i += 1) {
      const page = await getPage(link);
      expect(page.status).toBe(200);
      expect(page.html).toContain('Đề nghị cho ý kiến dự thảo');
      expect(page.html).toContain('Kính gửi');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('cache-control')).toContain('no-store');
    }
    const after = (await t.get(`/v1/programs/${programId}`)).body;
    expect(after.openSteps).toEqual(before.openSteps);
    expect(after.lock).toBe(before.lock);
    expect(await decisions()).toHaveLength(0);
  });

  it('never puts the task token in an email or a page', async () => {
    const emails = await t.outbox();
    for (const email of emails) expect(`${email.body.text}${email.body.html}`).not.toMatch(/local-token-/);
    expect((await getPage(await t.latestLink('ca.reviewer@example.vn'))).html).not.toMatch(/local-token-/);
  });

  it('gives a tampered link a clear page and acts on nothing', async () => {
    const link = await t.latestLink('ca.reviewer@example.vn');
    const [keyId, body, signature] = link.split('/a/')[1]!.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, o: 'bp-reviewer' })).toString('base64url');
    for (const token of [`${keyId}.${forged}.${signature}`, `${keyId}.${body}.${signature.slice(0, -2)}xx`, 'garbage', `k9.${body}.${signature}`]) {
      const page = await getPage(`${t.system.apiUrl}/a/${token}`);
      expect(page.status).toBe(404);
      expect(page.html).toContain('Đường dẫn không hợp lệ');
      const posted = await post(`${t.system.apiUrl}/a/${token}`, { action: 'approve', csrf: 'x' });
      expect(posted.status).toBe(404);
    }
    expect(await decisions()).toHaveLength(0);
  });

  it('refuses a POST without the page CSRF field', async () => {
    const response = await post(await t.latestLink('ca.reviewer@example.vn'), { action: 'approve' });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Không thể xác nhận');
    expect(await decisions()).toHaveLength(0);
  });

  it('answers a return without a comment with the error beside the field, then records one decision even when posted twice', async () => {
    const link = await t.latestLink('bp.reviewer@example.vn');
    const empty = await act(link, 'return', '   ');
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Vui lòng nêu ý kiến góp ý khi trả lại dự thảo.');
    expect(empty.html).toMatch(/aria-invalid="true"/);
    expect(await decisions()).toHaveLength(0);

    const csrf = csrfOf((await getPage(link)).html);
    const form = { csrf, action: 'approve', comment: '' };
    const [first, second] = await Promise.all([post(link, form), post(link, form)]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const again = await post(link, form);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Việc này đã được xử lý trước đó');
    expect(await decisions()).toHaveLength(1);
  });

  it('tells an expired link apart, and sends a fresh link on request', async () => {
    const link = await t.latestLink('ca.reviewer@example.vn');
    await t.advanceDays(15); // links live 14 days; the step is still open (reminders keep coming)
    const expired = await getPage(link);
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('Đường dẫn đã hết hạn');
    const refused = await post(link, { csrf: csrfOf(expired.html), action: 'approve' });
    expect(refused.status).toBe(410);
    expect(await decisions()).toHaveLength(1);

    const before = (await t.emailsTo('ca.reviewer@example.vn')).length;
    const renewed = await post(link, { csrf: csrfOf(expired.html), action: 'renew' });
    expect(renewed.status).toBe(200);
    expect(await renewed.text()).toContain('Đã gửi đường dẫn mới');
    const emails = await t.emailsTo('ca.reviewer@example.vn');
    expect(emails).toHaveLength(before + 1);
    expect(emails.at(-1)?.subject).toMatch(/^Đường dẫn mới: /);
    // A second request right away (a leaked link, an impatient reader) sends nothing more
    const again = await post(link, { csrf: csrfOf(expired.html), action: 'renew' });
    expect(again.status).toBe(429);
    expect(await again.text()).toContain('Đường dẫn mới vừa được gửi');
    expect(await t.emailsTo('ca.reviewer@example.vn')).toHaveLength(before + 1);
    const fresh = await t.latestLink('ca.reviewer@example.vn');
    expect((await act(fresh, 'approve')).status).toBe(200);
    await t.settle();
    expect((await t.get(`/v1/programs/${programId}`)).body.status).toBe('signing');
  });
});

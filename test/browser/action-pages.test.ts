import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, startWithThreePartyProgram, type TestSystem, threePartyDirectory } from '../local/helpers.js';
import { blocking, Chromium, type OfficialTab, type PageCheck, writeSummary } from './chromium.js';

/**
 * The officials' pages in a real browser (Debian's chromium, page scripts off): one local system
 * and one browser for the whole file, the tests following one program from review to signing.
 */
const programId = threePartyDirectory.program.id;
let t: TestSystem;
let browser: Chromium;
let tab: OfficialTab;
const checks: PageCheck[] = [];

beforeAll(async () => {
  // The browser first: when chromium is missing this fails at once, with how to install it, before anything starts.
  browser = await Chromium.launch();
  t = await startWithThreePartyProgram();
  tab = await browser.newPage();
});
afterAll(async () => {
  await writeSummary(checks);
  await browser?.close();
  await t?.stop();
});

/** axe-core at phone and desktop width: nothing serious or critical. */
const accessible = async (name: string) => {
  const check = await tab.check(name);
  checks.push(check);
  expect(blocking(check), `${name}: ${JSON.stringify(check.violations)}`).toEqual([]);
};

const programState = async () => {
  const program = (await t.get(`/v1/programs/${programId}`)).body;
  return { status: program.status, documentVersion: program.documentVersion, openSteps: program.openSteps, decidedSteps: program.decidedSteps };
};
const events = async (): Promise<{ kind: string; stepId?: string; comment?: string }[]> =>
  (await t.get(`/v1/programs/${programId}/events`)).body.events;

describe('Officials’ pages in Chromium', () => {
  it('opens the reviewer’s link: says who, what, which program, by when; changes nothing; sends the security headers', async () => {
    // Prepare
    const link = await t.latestLink('ca.reviewer@example.vn');
    const before = { state: await programState(), events: await events() };

    // Act
    const response = await tab.open(link);

    // Assess
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(headers['content-security-policy']).not.toMatch(/script-src|unsafe-inline/);
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cache-control']).toMatch(/no-store/);
    expect(headers['x-frame-options']).toBe('DENY');
    expect(await tab.page.getAttribute('html', 'lang')).toBe('vi');
    expect(await tab.text('h1')).toBe('Đề nghị cho ý kiến dự thảo');
    expect(await tab.text('p.lead')).toContain('trước ngày 09/03/2026');
    const facts = await tab.text('dl.facts');
    expect(facts).toContain('Kính gửi Đồng chí Thượng tá Vũ Thị Giang, Trưởng phòng Tham mưu');
    expect(facts).toContain('Chương trình phối hợp công tác dân vận giai đoạn 2022–2026 (phiên bản 1)');
    expect(facts).toContain('Hạn xử lý 09/03/2026');
    expect(await tab.text('ol.items')).toContain('Phối hợp bảo vệ chủ quyền, an ninh biên giới.');
    expect(await tab.page.getByRole('button').allTextContents()).toEqual(['Đồng ý dự thảo', 'Trả lại kèm góp ý', 'Lưu nháp']);
    expect(await programState()).toEqual(before.state);
    expect(await events()).toEqual(before.events);
    expect((await events()).filter((e) => e.kind === 'decision')).toEqual([]);
    await accessible('review');
    // The style passed the CSP hash, and a keyboard user sees where they are.
    expect(tab.cspRefusals).toEqual([]);
    expect(await tab.page.evaluate("getComputedStyle(document.querySelector('header.banner')).backgroundColor")).toBe('rgb(139, 0, 0)');
    await tab.page.locator('#comment').focus();
    expect(await tab.page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth")).toBe('solid 3px');
  });

  it('approves: shows the outcome, and a reload shows it again without acting twice', async () => {
    // Act
    const { post, shown } = await tab.press('Đồng ý dự thảo');

    // Assess
    expect(post.status()).toBe(303);
    expect(shown.status()).toBe(200);
    expect(shown.headers()['referrer-policy']).toBe('no-referrer');
    expect(await tab.text('h2')).toBe('Đã ghi nhận ý kiến');
    expect(await tab.text('[role=status]')).toMatch(/^Đồng chí đã đồng ý dự thảo lúc 08:00 02\/03\/2026\.$/);
    await accessible('review-outcome');
    const reloaded = await tab.page.reload();
    expect(reloaded?.request().method()).toBe('GET');
    expect(await tab.text('h2')).toBe('Đã ghi nhận ý kiến');
    const decisions = (await events()).filter((e) => e.kind === 'decision');
    expect(decisions).toHaveLength(1);
    expect((await programState()).decidedSteps).toHaveLength(1);
  });

  it('refuses a return without a comment, shows the error beside the field, then records it once filled', async () => {
    // Prepare
    await tab.open(await t.latestLink('bp.reviewer@example.vn'));

    // Act
    const empty = await tab.press('Trả lại kèm góp ý');

    // Assess
    expect(empty.post.status()).toBe(400);
    expect(await tab.text('#comment-error')).toBe('⚠ Vui lòng nêu ý kiến góp ý khi trả lại dự thảo.');
    const comment = tab.page.locator('#comment');
    expect(await comment.getAttribute('aria-invalid')).toBe('true');
    expect(await comment.getAttribute('aria-describedby')).toBe('comment-hint comment-error');
    expect(await tab.page.locator('#error-summary a').getAttribute('href')).toBe('#comment');
    expect((await events()).filter((e) => e.kind === 'decision')).toHaveLength(1);
    await accessible('review-error');

    await tab.type('Ý kiến của đồng chí', 'Đề nghị bổ sung nội dung tuần tra song phương.');
    const returned = await tab.press('Trả lại kèm góp ý');
    expect(returned.post.status()).toBe(303);
    expect(await tab.text('[role=status]')).toContain('đã trả lại dự thảo kèm góp ý');
    expect(await tab.text('main')).toContain('Ý kiến: Đề nghị bổ sung nội dung tuần tra song phương.');
    const last = (await events()).filter((e) => e.kind === 'decision').pop();
    expect(last?.comment).toBe('Đề nghị bổ sung nội dung tuần tra song phương.');
  });

  it('saves the drafter’s revision as a draft, resumes it from the same link, keeps typed text on an error', async () => {
    // Prepare
    await t.settle();
    const link = await t.latestLink('bdv.focal@example.vn');
    await tab.open(link);
    expect(await tab.text('h1')).toBe('Đề nghị chỉnh sửa dự thảo');
    const before = await events();

    // Act: type, save as draft
    await tab.type('Nội dung 3', 'Phối hợp tuần tra song phương, bảo vệ chủ quyền, an ninh biên giới.');
    await tab.type('Ghi chú về việc chỉnh sửa', 'Đã tiếp thu ý kiến của Bộ đội Biên phòng.');
    const saved = await tab.press('Lưu nháp');

    // Assess: a notice, the fields prefilled, nothing decided
    expect(saved.post.status()).toBe(303);
    expect(await tab.text('#draft-notice')).toMatch(/^Đã lưu nháp lúc 08:00 02\/03\/2026\./);
    expect(await tab.valueOf('Nội dung 3')).toBe('Phối hợp tuần tra song phương, bảo vệ chủ quyền, an ninh biên giới.');
    expect(await events()).toEqual(before);
    const state = await programState();
    expect(state.documentVersion).toBe(1);
    const revise = state.openSteps.find((s: { kind: string }) => s.kind === 'revise');
    expect(revise.status).toBe('open');
    expect(revise.formDraft).toBeUndefined();
    expect(revise.formDraftSavedAt).toBe('2026-03-02T01:00:00.000Z');
    await accessible('revise-draft');

    // Act: another day, a fresh tab on the same link, an item emptied by mistake
    const resumed = await browser.newPage();
    await resumed.open(link);
    expect(await resumed.valueOf('Ghi chú về việc chỉnh sửa')).toBe('Đã tiếp thu ý kiến của Bộ đội Biên phòng.');
    await resumed.type('Nội dung 1', '');
    const invalid = await resumed.press('Gửi lại dự thảo đã chỉnh sửa');

    // Assess: the error beside that item; everything else as typed
    expect(invalid.post.status()).toBe(400);
    expect(await resumed.text('#contentItems-0-error')).toBe('⚠ Nội dung này đang để trống; vui lòng nhập nội dung.');
    expect(await resumed.page.locator('.field-error').count()).toBe(1);
    expect(await resumed.valueOf('Nội dung 3')).toBe('Phối hợp tuần tra song phương, bảo vệ chủ quyền, an ninh biên giới.');
    expect(await resumed.valueOf('Ghi chú về việc chỉnh sửa')).toBe('Đã tiếp thu ý kiến của Bộ đội Biên phòng.');
    tab = resumed;
    await accessible('revise-error');

    await resumed.type('Nội dung 1', 'Tuyên truyền, vận động Nhân dân chấp hành pháp luật.');
    const resubmitted = await resumed.press('Gửi lại dự thảo đã chỉnh sửa');
    expect(resubmitted.post.status()).toBe(303);
    expect(await resumed.text('[role=status]')).toContain('đã gửi lại dự thảo đã chỉnh sửa');
    expect((await programState()).documentVersion).toBe(2);
  });

  it('shows reviewers what changed in version 2, and the heads a signing page', async () => {
    // Prepare
    await t.settle();
    await tab.open(await t.latestLink('ca.reviewer@example.vn'));

    // Assess
    expect(await tab.text('dl.facts')).toContain('(phiên bản 2)');
    expect(await tab.text('#document-heading + .notice')).toContain('So với phiên bản 1: 1 nội dung được sửa đổi hoặc bổ sung');
    expect(await tab.text('ol.items ins')).toBe('Nội dung mới: Phối hợp tuần tra song phương, bảo vệ chủ quyền, an ninh biên giới.');
    await accessible('review-v2');

    for (const reviewer of ['ca.reviewer@example.vn', 'bp.reviewer@example.vn']) await act(await t.latestLink(reviewer), 'approve');
    await t.settle();
    await tab.open(await t.latestLink('ca.head@example.vn'));
    expect(await tab.text('h1')).toBe('Đề nghị ký Chương trình phối hợp');
    expect(await tab.page.getByRole('button').allTextContents()).toEqual(['Ký chương trình', 'Từ chối ký', 'Lưu nháp']);
    await accessible('sign');
  });

  it('answers a tampered link with a plain explanation', async () => {
    const link = await t.latestLink('ca.head@example.vn');
    const response = await tab.open(`${link.slice(0, -4)}AAAA`);
    expect(response.status()).toBe(404);
    expect(response.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(await tab.text('h1')).toBe('Đường dẫn không hợp lệ');
    await accessible('invalid-link');
  });
});

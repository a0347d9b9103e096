import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSystem } from '../local/helpers.js';
import { advanceTo, latest, lifecycleProgram, loadLifecycleDirectory, press, reportFields, signProgram } from '../local/lifecycle-fixtures.js';
import { blocking, Chromium, type OfficialTab } from './chromium.js';

/**
 * The pages of the later stages in a real browser (page scripts off, as everywhere): the plan's
 * repeated task fields and party select, the report's figures, the conference and outcome forms,
 * each accessible at phone and desktop width, errors beside the fields they belong to.
 */
const program = { ...lifecycleProgram('qt-pages-2022-2026'), planSignatures: false };
const programPath = `/v1/programs/${program.id}`;
let t: TestSystem;
let browser: Chromium;
let tab: OfficialTab;

beforeAll(async () => {
  browser = await Chromium.launch();
  t = await TestSystem.start(Date.parse('2022-03-01T01:00:00Z'));
  await loadLifecycleDirectory(t);
  await signProgram(t, program);
  for (const kind of ['annual_plan_2022', 'annual_review_2022']) {
    expect((await t.request('PATCH', `${programPath}/milestones/${kind}`, { dueDate: '2022-03-02' })).status).toBe(200);
  }
  await advanceTo(t, '2022-03-02');
  tab = await browser.newPage();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const accessible = async (name: string) => {
  const check = await tab.check(name);
  expect(blocking(check), `${name}: ${JSON.stringify(check.violations)}`).toEqual([]);
};

describe('The later stages’ pages in Chromium', () => {
  it('drafts a plan with repeated task fields and a party select; a date outside the year is refused beside its field', async () => {
    await tab.open(await latest(t, 'bdv-focal', 'Đề nghị xây dựng Kế hoạch phối hợp năm'));
    await accessible('plan-draft');
    const page = tab.page;
    await page.fill('#tasks-0-text', 'Hội nghị triển khai Chương trình phối hợp năm 2022.');
    await page.selectOption('#tasks-0-responsibleOrganizationId', 'bdv-qt');
    await page.fill('#tasks-0-dueDate', '2023-01-15');
    await page.fill('#tasks-1-text', 'Xây dựng mô hình “Dân vận khéo”.');
    await page.selectOption('#tasks-1-responsibleOrganizationId', 'ca-qt');
    await page.fill('#tasks-1-dueDate', '2022-09-30');
    const refused = await tab.press('Gửi kế hoạch để các bên cho ý kiến');
    expect(refused.post.status()).toBe(400);
    expect(await tab.text('#tasks-0-dueDate-error')).toBe('⚠ Thời hạn phải trong năm 2022.');
    expect(await page.getAttribute('#tasks-0-dueDate', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#tasks-1-text')).toBe('Xây dựng mô hình “Dân vận khéo”.');
    expect(await page.inputValue('#tasks-1-responsibleOrganizationId')).toBe('ca-qt');
    await accessible('plan-draft-error');
    await page.fill('#tasks-0-dueDate', '2022-12-15');
    const sent = await tab.press('Gửi kế hoạch để các bên cho ý kiến');
    expect(sent.post.status()).toBe(303);
    await t.settle();
    const plan = (await t.get(`${programPath}/plans/2022`)).body;
    expect(plan.tasks.map((task: { responsibleOrganizationId: string; dueDate: string }) => `${task.responsibleOrganizationId} ${task.dueDate}`)).toEqual(['bdv-qt 2022-12-15', 'ca-qt 2022-09-30']);
  });

  it('shows the plan to the reviewer as a table', async () => {
    await tab.open(await latest(t, 'ca-focal', 'Đề nghị cho ý kiến Kế hoạch phối hợp năm'));
    expect(await tab.text('table')).toContain('Xây dựng mô hình “Dân vận khéo”. Công an tỉnh Quảng Trị 30/09/2022');
    await accessible('plan-review');
  });

  it('reports figures: a negative one and a percentage over 100 are refused beside their fields, what was typed stays', async () => {
    await tab.open(await latest(t, 'ca-focal', 'Đề nghị gửi báo cáo kết quả'));
    await accessible('report');
    await tab.type('Kết quả thực hiện', 'Công an tỉnh xây dựng 20 mô hình.');
    await tab.type('Mô hình, điển hình “Dân vận khéo” xây dựng (mô hình)', '-3');
    await tab.type('Thời gian giải quyết thủ tục hành chính được rút ngắn (%)', '120');
    const refused = await tab.press('Gửi báo cáo');
    expect(refused.post.status()).toBe(400);
    expect(await tab.text('#models-error')).toBe('⚠ Số liệu không được âm.');
    expect(await tab.text('#adminTimeSaved-error')).toBe('⚠ Tỷ lệ phần trăm phải từ 0 đến 100.');
    expect(await tab.valueOf('Kết quả thực hiện')).toBe('Công an tỉnh xây dựng 20 mô hình.');
    await accessible('report-error');
    await tab.type('Mô hình, điển hình “Dân vận khéo” xây dựng (mô hình)', '20');
    await tab.type('Thời gian giải quyết thủ tục hành chính được rút ngắn (%)', '30');
    expect((await tab.press('Gửi báo cáo')).post.status()).toBe(303);
    await t.settle();
  });

  it('sets the conference and records the outcome with its awards', async () => {
    await press(t, 'bdv-focal', 'Đề nghị gửi báo cáo kết quả', 'submit', reportFields('Ban Dân vận tổ chức 40 buổi.', { sessions: '40' }));
    await tab.open(await latest(t, 'bdv-focal', 'Đề nghị tổ chức hội nghị'));
    await accessible('conference');
    await tab.type('Ngày họp', '2022-03-10');
    await tab.type('Địa điểm', 'Hội trường Tỉnh ủy Quảng Trị');
    expect((await tab.press('Gửi giấy mời các bên')).post.status()).toBe(303);
    await t.settle();
    await advanceTo(t, '2022-03-11');
    await tab.open(await latest(t, 'bdv-focal', 'Đề nghị ghi nhận kết quả hội nghị'));
    await accessible('outcome');
    expect(await tab.text('table')).toContain('Tổng hợp');
    await tab.type('Báo cáo tổng hợp', 'Hoàn thành các chỉ tiêu.');
    await tab.page.fill('#awards-0-recipient', 'Phòng Tham mưu, Công an tỉnh');
    await tab.page.selectOption('#awards-0-kind', 'collective');
    await tab.page.fill('#awards-0-awardedBy', 'Ban Dân vận Tỉnh ủy');
    expect((await tab.press('Ghi nhận kết quả, trình Thủ trưởng các bên')).post.status()).toBe(303);
    await t.settle();
    const review = (await t.get(`${programPath}/reviews/annual_2022`)).body;
    expect(review).toMatchObject({ status: 'approval', awards: [{ recipient: 'Phòng Tham mưu, Công an tỉnh', kind: 'collective', awardedBy: 'Ban Dân vận Tỉnh ủy' }] });
  });
});

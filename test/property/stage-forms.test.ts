import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTally, saveTally } from '../faults/reliability.js';
import { TestSystem } from '../local/helpers.js';
import { advanceTo, lifecycleProgram, loadLifecycleDirectory, press, reportFields, signProgram, taskFields } from '../local/lifecycle-fixtures.js';
import { discoverOpenSteps, type OpenedStep, postsToStep } from './forms-common.js';

/**
 * The forms of the later stages' kinds (a year's plan: draft, review, sign; a review: the reports,
 * the conference, the outcome and its approval), whose pages need their stage's own records: a
 * one-year program is signed and lived through on the local clock, the link of each kind's step is
 * taken from the outbox while the step is open, then 1,000 generated posts go to each through the
 * real action-link handler: a page for every post, never 5xx, nothing written when refused.
 */
let t: TestSystem;
const tally = newTally("Property: later stages' forms");
const opened = new Map<string, OpenedStep>();
const reached: string[] = [];

/** One stage step as its people take it; the walk goes on as far as it can, the kinds found so far are tested. */
const step = async (what: string, act: () => Promise<unknown>) => {
  await discoverOpenSteps(t, opened);
  try {
    await act();
    reached.push(what);
  } catch (error) {
    console.log(`stage-forms: could not ${what}: ${(error as Error).message.slice(0, 300)}`);
  }
};

beforeAll(async () => {
  t = await TestSystem.start(Date.parse('2021-12-01T01:00:00Z'), { faultInjection: true });
  await loadLifecycleDirectory(t);
  await signProgram(t, lifecycleProgram('prop-2022', { startYear: 2022, endYear: 2022 }));
  await advanceTo(t, '2022-01-17');
  const tasks = [
    { text: 'Tổ chức hội nghị triển khai Chương trình phối hợp năm 2022 đến cơ sở.', responsible: 'bdv-qt', dueDate: '2022-03-31' },
    { text: 'Xây dựng mô hình “Dân vận khéo” về an ninh, trật tự năm 2022.', responsible: 'ca-qt', dueDate: '2022-09-30' },
  ];
  await step('draft the plan', () => press(t, 'bdv-focal', 'Đề nghị xây dựng Kế hoạch phối hợp năm', 'submit', taskFields(tasks)));
  await step('review the plan', () => press(t, 'ca-focal', 'Đề nghị cho ý kiến Kế hoạch phối hợp năm', 'approve'));
  await step('sign the plan', async () => {
    for (const head of ['bdv-head', 'ca-head']) await press(t, head, 'Đề nghị ký Kế hoạch phối hợp năm', 'sign');
  });
  await advanceTo(t, '2022-11-30');
  await step('report', async () => {
    await press(t, 'bdv-focal', 'Đề nghị gửi báo cáo kết quả', 'submit', reportFields('Báo cáo kết quả năm 2022.', { models: '10', sessions: '100', participants: '5.000', leaflets: '2.000' }));
    await press(t, 'ca-focal', 'Đề nghị gửi báo cáo kết quả', 'submit', reportFields('Báo cáo kết quả năm 2022.', { models: '20', sessions: '200', jointPatrols: '30', casesResolved: '5', adminTimeSaved: '30' }));
  });
  await step('set the conference', () =>
    press(t, 'bdv-focal', 'Đề nghị tổ chức hội nghị', 'set', [['date', '2022-12-12'], ['time', '08:00'], ['place', 'Hội trường Tỉnh ủy Quảng Trị'], ['chairId', 'bdv-head']]),
  );
  await advanceTo(t, '2022-12-13');
  await step('record the outcome', () => press(t, 'bdv-focal', 'Đề nghị ghi nhận kết quả hội nghị', 'record', [['summary', 'Các bên đã hoàn thành các chỉ tiêu đề ra.'], ['nextPeriod', '2023–2027']]));
  await discoverOpenSteps(t, opened);
}, 300_000);
afterAll(async () => {
  saveTally(tally);
  console.log(`stage-forms: reached ${reached.join(', ')}; kinds posted to: ${[...opened.keys()].join(', ')}`);
  await t?.stop();
});

describe("The later stages' forms, 1,000 generated posts each through the action-link handler", () => {
  it("finds an open step of each kind of a year's plan and of a review", () => {
    expect([...opened.keys()]).toEqual(expect.arrayContaining(['draft_plan', 'review_plan', 'sign_plan', 'submit_report', 'set_conference']));
  });

  it('answers every post with a page, never 5xx, and writes nothing when it refuses', async () => {
    for (const [name, openStep] of opened) await postsToStep(t, name, openStep, tally);
  }, 600_000);
});

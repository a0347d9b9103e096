import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkingCalendar } from '#shared/calendar/working-days.js';
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

const conferenceFields = (conference: ReviewScript['conference']): [string, string][] => [
  ['date', conference.date],
  ['time', conference.time],
  ['place', conference.place],
  ['chairId', 'bdv-head'],
];

/** Reports from both focal points and the conference; `moved` happens before the outcome is recorded. */
const reportAndConvene = async (script: ReviewScript) => {
  for (const [focal, figures] of Object.entries(script.figures)) await press(t, focal, REPORT, 'submit', reportFields(`Báo cáo kết quả của ${focal}.`, figures));
  await press(t, 'bdv-focal', CONFERENCE, 'set', conferenceFields(script.conference));
};

/** After the conference: the outcome with its awards, both heads' approval. */
const recordAndApprove = async (script: ReviewScript, conferenceDate: string) => {
  await advanceTo(t, conferenceDate);
  await t.advanceDays(1);
  const fields: [string, string][] = [['summary', 'Các bên đã hoàn thành các chỉ tiêu đề ra.'], ...awardFields(script.awards ?? [])];
  if (script.nextPeriod !== undefined) fields.push(['nextPeriod', script.nextPeriod]);
  await press(t, 'bdv-focal', OUTCOME, 'record', fields);
  for (const head of ['bdv-head', 'ca-head']) await press(t, head, APPROVE, 'approve');
};

const runReview = async (script: ReviewScript) => {
  await reportAndConvene(script);
  await recordAndApprove(script, script.conference.date);
};

/** Figures of one year, growing a little every year. */
const annualFigures = (scale: number) => ({
  'bdv-focal': { models: String(10 * scale), sessions: String(100 * scale), participants: String(5_000 * scale), leaflets: '2.000' },
  'ca-focal': { models: String(20 * scale), sessions: String(200 * scale), jointPatrols: String(30 * scale), casesResolved: String(5 * scale), adminTimeSaved: '30' },
});

/** Ten days after the milestone (or the working day after, since a conference is held on one), at the lead party's hall. */
const conferenceAfter = (date: string) => ({
  date: new WorkingCalendar().addWorkingDays(new Date(Date.parse(`${date}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10), 0),
  time: '08:00',
  place: 'Hội trường Tỉnh ủy Quảng Trị',
});

/** The final review: the five-year figures (the police's 212 models, as in Huế's report), two awards, the next period. */
const finalScript: ReviewScript = {
  figures: {
    'bdv-focal': { models: '35', sessions: '1.588', participants: '239.841', leaflets: '52.000', reconciliations: '120' },
    'ca-focal': { models: '212', sessions: '950', participants: '61.200', jointPatrols: '640', casesResolved: '46', adminTimeSaved: '45,5' },
  },
  conference: { date: '2026-12-10', time: '14:00', place: 'Hội trường Tỉnh ủy Quảng Trị' },
  awards: [
    { recipient: 'Phòng Tham mưu, Công an tỉnh', kind: 'collective', awardedBy: 'Ban Dân vận Tỉnh ủy' },
    { recipient: 'Thượng tá Phạm Thị Hà', kind: 'individual', awardedBy: 'Giám đốc Công an tỉnh' },
  ],
  nextPeriod: '2027–2031',
};
const movedConference = { date: '2026-12-17', time: '08:30', place: 'Hội trường Công an tỉnh Quảng Trị' };
let returnedDraftPage = '';
let copiedDraftPage = '';

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

  // 2023's plan starts from 2022's; the police return it once, the drafter revises.
  await advanceTo(t, dueOf('annual_plan_2023'));
  copiedDraftPage = (await getPage(await latest(t, 'bdv-focal', PLAN_TITLE))).html;
  await press(t, 'bdv-focal', PLAN_TITLE, 'submit', taskFields(tasksOf(2023).slice(0, 1)));
  await press(t, 'ca-focal', PLAN_REVIEW, 'return', [], 'Đề nghị bổ sung nhiệm vụ xây dựng mô hình “Dân vận khéo”.');
  returnedDraftPage = (await getPage(await latest(t, 'bdv-focal', PLAN_TITLE))).html;
  await press(t, 'bdv-focal', PLAN_TITLE, 'submit', taskFields(tasksOf(2023)));
  await press(t, 'ca-focal', PLAN_REVIEW, 'approve');
  for (const head of ['bdv-head', 'ca-head']) await press(t, head, PLAN_SIGN, 'sign');
  lap('plan 2023');

  for (const year of [2022, 2023, 2024, 2025]) {
    if (year === 2024) {
      // The mid-term review falls in the middle of the period, on 30 June (the next working day).
      await advanceTo(t, dueOf('mid_term_review'));
      await runReview({ figures: annualFigures(3), conference: conferenceAfter(dueOf('mid_term_review')) });
      lap('mid-term review');
    }
    // Each December: next year's plan from the 1st, this year's review from the 15th.
    if (year > 2022) {
      await advanceTo(t, dueOf(`annual_plan_${year + 1}`));
      await runPlan(year + 1);
    }
    await advanceTo(t, dueOf(`annual_review_${year}`));
    await runReview({ figures: annualFigures(year - 2021), conference: conferenceAfter(dueOf(`annual_review_${year}`)) });
    lap(`review ${year}`);
  }

  // The final review: the conference is moved once from the outcome step, then held.
  await advanceTo(t, dueOf('final_review'));
  await reportAndConvene(finalScript);
  await t.advanceDays(3);
  await press(t, 'bdv-focal', OUTCOME, 'reschedule');
  await press(t, 'bdv-focal', CONFERENCE, 'set', conferenceFields(movedConference));
  await recordAndApprove(finalScript, movedConference.date);
  lap('final review');
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

  it('starts the next year’s plan from last year’s, and a returned plan goes back to its drafter with the comments', async () => {
    expect(copiedDraftPage).toContain('value="2023-03-31"');
    expect(copiedDraftPage).toContain('value="2023-09-30"');
    expect(copiedDraftPage).toContain('Tổ chức hội nghị triển khai Chương trình phối hợp năm 2022 đến cơ sở.');
    expect(returnedDraftPage).toContain('Đề nghị bổ sung nhiệm vụ xây dựng mô hình “Dân vận khéo”.');
    const plan = (await t.get(`${programPath}/plans/2023`)).body;
    expect(plan).toMatchObject({ status: 'approved', version: 2, copiedFromYear: 2022 });
    expect(plan.tasks).toHaveLength(2);
    expect(plan.decisions.filter((d: { kind: string; outcome: string }) => d.kind === 'review_plan').map((d: { outcome: string }) => d.outcome)).toEqual(['returned', 'approved']);
  });

  it('approves all five annual plans, each once, each started on its milestone', async () => {
    for (const year of [2022, 2023, 2024, 2025, 2026]) {
      const plan = (await t.get(`${programPath}/plans/${year}`)).body;
      expect(plan.status, String(year)).toBe('approved');
      expect(plan.tasks.every((task: { dueDate: string }) => task.dueDate.startsWith(`${year}-`))).toBe(true);
    }
    const started = (await trail()).filter((e) => e.kind === 'stage_started').map((e) => e.detail?.stageId);
    expect(started).toEqual(expect.arrayContaining(['annual_plan-2022', 'annual_plan-2026', 'review-annual_2022', 'review-mid_term', 'review-final']));
    expect(new Set(started).size).toBe(started.length);
    const subjects = (await t.emailsTo(mail('bdv-focal'))).map((email) => email.subject);
    for (const named of ['Đề nghị xây dựng Kế hoạch phối hợp năm 2024 “', 'Đề nghị gửi báo cáo kết quả tổng kết năm 2023 “', 'Đề nghị gửi báo cáo kết quả sơ kết giữa kỳ “']) {
      expect(subjects.some((subject) => subject.startsWith(named)), named).toBe(true);
    }
    const view = (await t.get(programPath)).body;
    expect(view.annualPlans.map((p: { year: number; status: string }) => `${p.year}:${p.status}`)).toEqual(['2022:approved', '2023:approved', '2024:approved', '2025:approved', '2026:approved']);
    expect(view.reviews).toHaveLength(6);
    expect(view.milestones.find((m: { kind: string }) => m.kind === 'final_review')).toMatchObject({ status: 'due', stageId: 'review-final' });
    expect(started).toHaveLength(1 + 5 + 4 + 1 + 1);
  });

  it('runs the annual review: each party’s figures, totals computed, the conference, approved', async () => {
    const review = (await t.get(`${programPath}/reviews/annual_2022`)).body;
    expect(review).toMatchObject({ scope: 'annual', year: 2022, status: 'approved' });
    expect(review.reports['ca-qt'].figures).toMatchObject({ models: 20, sessions: 200, jointPatrols: 30, casesResolved: 5, adminTimeSaved: 30 });
    expect(review.reports['bdv-qt'].figures).toMatchObject({ models: 10, leaflets: 2000 });
    expect(review.totals).toMatchObject({ models: 30, sessions: 300, participants: 5000, leaflets: 2000, adminTimeSaved: 30 });
    expect(review.conference).toMatchObject({ date: '2022-12-26', time: '08:00', status: 'scheduled', sequence: 0 });
    const list = (await t.get(`${programPath}/reviews`)).body.reviews.map((r: { reviewId: string; status: string }) => `${r.reviewId}:${r.status}`);
    expect(list).toEqual(['annual_2022:approved', 'annual_2023:approved', 'mid_term:approved', 'annual_2024:approved', 'annual_2025:approved', 'final:approved']);
  });

  it('runs the mid-term review over the first half of the period', async () => {
    const review = (await t.get(`${programPath}/reviews/mid_term`)).body;
    expect(review).toMatchObject({ scope: 'mid_term', periodFrom: 2022, periodTo: 2024, status: 'approved' });
    expect(review.totals.models).toBe(90);
  });

  it('sends the final conference invite, then on the move an update of the same meeting with a higher SEQUENCE', async () => {
    const invites = (await invitesTo(t, mail('ca-head'))).filter((invite) => invite.subject.includes('tổng kết 5 năm'));
    expect(invites.map((invite) => invite.subject.split(':')[0])).toEqual(['Giấy mời', 'Thay đổi lịch']);
    const [first, moved] = invites.map((invite) => invite.ics) as [string, string];
    expect(icsValue(first, 'METHOD')).toBe('REQUEST');
    expect(icsValue(first, 'SEQUENCE')).toBe('0');
    expect(icsValue(moved, 'SEQUENCE')).toBe('1');
    expect(icsValue(moved, 'UID')).toBe(icsValue(first, 'UID'));
    expect(icsLines(first)).toContain('DTSTART;TZID=Asia/Ho_Chi_Minh:20261210T140000');
    expect(icsLines(moved)).toContain('DTSTART;TZID=Asia/Ho_Chi_Minh:20261217T083000');
    expect(icsLines(moved)).toContain('TZID:Asia/Ho_Chi_Minh');
    expect(icsValue(moved, 'LOCATION')).toBe('Hội trường Công an tỉnh Quảng Trị');
    expect(icsValue(moved, 'ORGANIZER')).toBe('mailto:bdv-focal@example.vn');
    const attendees = icsLines(moved).filter((line) => line.startsWith('ATTENDEE'));
    const attendee = (address: string) => attendees.find((line) => line.toLowerCase().endsWith(`mailto:${address}`)) ?? '';
    expect(attendee('bdv-head@example.vn')).toContain('ROLE=CHAIR');
    expect(attendee('bdv-head@example.vn')).toContain('CN="Hoàng Thị Lan"');
    expect(attendee('ca-head@example.vn')).toContain('ROLE=REQ-PARTICIPANT');
    expect(attendee('ca-focal@example.vn')).toContain('ROLE=OPT-PARTICIPANT');
    expect(attendees).toHaveLength(4);
    const events = (await trail()).filter((e) => e.kind === 'conference_moved');
    expect(events.at(-1)?.detail).toMatchObject({ reviewId: 'final', sequence: 1, date: '2026-12-17', from: { date: '2026-12-10' } });
  });

  it('records the final outcome with its awards, the CSV parses back to the same totals, and the program is closed', async () => {
    const review = (await t.get(`${programPath}/reviews/final`)).body;
    expect(review).toMatchObject({ scope: 'final', status: 'approved', periodFrom: 2022, periodTo: 2026 });
    expect(review.totals).toMatchObject({ models: 247, sessions: 2538, participants: 301_041, casesResolved: 46, adminTimeSaved: 45.5 });
    expect(review.awards).toEqual(finalScript.awards);
    const csv = await fetch(`${t.system.apiUrl}${programPath}/reviews/final/figures.csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(header).toEqual(['Đơn vị', 'Mã chỉ tiêu', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu']);
    expect(rows.find((row) => row[0] === 'Công an tỉnh Quảng Trị' && row[1] === 'models')?.[4]).toBe('212');
    const partyRows = rows.filter((row) => !['Tổng cộng', 'Trung bình các đơn vị'].includes(row[0]!));
    const totalRows = rows.filter((row) => ['Tổng cộng', 'Trung bình các đơn vị'].includes(row[0]!));
    expect(partyRows).toHaveLength(2 * totalRows.length);
    for (const total of totalRows.filter((row) => row[0] === 'Tổng cộng')) {
      const sum = partyRows.filter((row) => row[1] === total[1]).reduce((acc, row) => acc + Number(row[4] || 0), 0);
      expect(Number(total[4] || 0), total[1]).toBe(sum);
      expect(review.totals[total[1]!] ?? 0).toBe(sum);
    }
    expect((await t.get(programPath)).body.status).toBe('closed');
  });

  it('proposes the next period: a draft linked to the old program, parties and content copied, ready to submit', async () => {
    const review = (await t.get(`${programPath}/reviews/final`)).body;
    expect(review.renewalProgramId).toBe('qt-2027-2031');
    const next = (await t.get('/v1/programs/qt-2027-2031')).body;
    expect(next).toMatchObject({ status: 'draft', previousProgramId: program.id, period: { startYear: 2027, endYear: 2031 }, planSignatures: true, parties: program.parties });
    expect(next.title).toContain('2027–2031');
    expect(next.contentItems).toEqual(program.contentItems);
  });

  it('leaves no execution running: every stage finished with its execution', async () => {
    const executions = t.system.stepFunctions.listExecutions().filter((e) => e.name.startsWith(program.id));
    expect(executions).toHaveLength(12);
    expect(executions.filter((e) => e.status !== 'SUCCEEDED').map((e) => `${e.name}:${e.status}`)).toEqual([]);
    const stages = (await t.get(programPath)).body.stages as { stageId: string; status: string }[];
    expect(stages.filter((stage) => stage.status !== 'finished')).toEqual([]);
    expect(Date.now() - started).toBeLessThan(120_000);
  });
});

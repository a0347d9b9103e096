import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../../infra/local/template.js';
import { act, csrfOf, getPage, TestSystem } from './helpers.js';
import { advanceTo, icsLines, icsValue, invitesTo, latest, lifecycleProgram, loadLifecycleDirectory, mail, press, reportFields, signProgram } from './lifecycle-fixtures.js';

/**
 * The edges of a review, on one program of 2022–2026 signed on 1 March 2022 whose annual reviews
 * staff bring forward: the daily tick run twice (and racing a restart's resume) starts nothing
 * twice; bad figures are refused beside their fields and what was typed stays; a figure lower than
 * last year's asks for confirmation; a cancelled conference sends METHOD:CANCEL and a new one a new
 * invite; a milestone moves only while scheduled, to a working day after today within the program's period.
 */
const program = { ...lifecycleProgram('qt-figures-2022-2026'), planSignatures: false };
const programPath = `/v1/programs/${program.id}`;
const REPORT = 'Đề nghị gửi báo cáo kết quả';

type AuditEvent = { kind: string; stepId?: string; detail?: Record<string, unknown> };
let t: TestSystem;
const trail = async () => (await t.get(`${programPath}/events`)).body.events as AuditEvent[];
const patchMilestone = (kind: string, body: unknown) => t.request('PATCH', `${programPath}/milestones/${kind}`, body);
const tick = (date: string) => t.system.invokeFunction(t.system.functionIdOf('functions/milestone-tick/handler.ts'), { date });
const reviewExecutions = (reviewId: string) => t.system.stepFunctions.listExecutions().filter((e) => e.name.startsWith(`${program.id}-review-${reviewId}`));

/** Posts a report form as typed, without following the redirect of a success. */
const postReport = async (link: string, action: string, fields: [string, string][]) => {
  const page = await getPage(link);
  const body = new URLSearchParams([['csrf', csrfOf(page.html)], ['action', action], ['comment', ''], ...fields]);
  const response = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
  return { status: response.status, html: await response.text() };
};

beforeAll(async () => {
  t = await TestSystem.start(Date.parse('2022-03-01T01:00:00Z')); // Tuesday 1 March 2022, 08:00 in Vietnam
  await loadLifecycleDirectory(t);
  await signProgram(t, program);
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

describe('Moving a milestone (PATCH /v1/programs/{id}/milestones/{kind})', () => {
  it('moves a scheduled milestone to a working day after today, and refuses anything else', async () => {
    const saturday = await patchMilestone('annual_review_2022', { dueDate: '2022-03-05' });
    expect(saturday.status).toBe(400);
    expect(saturday.body.error.issues).toEqual([{ path: 'dueDate', message: 'is not a working day (next: 2022-03-07)' }]);
    expect((await patchMilestone('annual_review_2022', { dueDate: '2022-03-01' })).status).toBe(400);
    for (const outside of ['2040-03-01', '2080-12-02', '2027-01-04']) {
      const refused = await patchMilestone('annual_review_2022', { dueDate: outside });
      expect(refused.status, outside).toBe(400);
      expect(refused.body.error.issues).toEqual([{ path: 'dueDate', message: "must be within the program's period, 2022-01-01 to 2026-12-31" }]);
    }
    expect((await patchMilestone('annual_review_2022', { dueDate: 'soon' })).status).toBe(400);
    expect((await patchMilestone('annual_review_2022', { dueDate: '2022-03-03', extra: 1 })).status).toBe(400);
    expect((await patchMilestone('no_such_milestone', { dueDate: '2022-03-03' })).status).toBe(404);
    expect((await t.request('PATCH', '/v1/programs/nowhere/milestones/final_review', { dueDate: '2022-03-03' })).status).toBe(404);

    const moved = await patchMilestone('annual_review_2022', { dueDate: '2022-03-03' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ kind: 'annual_review_2022', dueDate: '2022-03-03', previousDueDate: '2022-12-15', status: 'scheduled' });
    const milestones = (await t.get(programPath)).body.milestones as { kind: string; dueDate: string }[];
    expect(milestones.find((m) => m.kind === 'annual_review_2022')?.dueDate).toBe('2022-03-03');
    expect((await trail()).filter((e) => e.kind === 'milestone_moved').map((e) => e.detail)).toEqual([{ milestone: 'annual_review_2022', from: '2022-12-15', to: '2022-03-03' }]);
  });
});

describe('The daily tick', () => {
  it('starts a due stage once, however often it runs for the day, and racing a restart’s resume', async () => {
    // Run twice at once, then again: one stage, one execution, one request per focal point.
    await Promise.all([tick('2022-03-03'), tick('2022-03-03')]);
    await tick('2022-03-03');
    await t.settle();
    expect(reviewExecutions('annual_2022').map((e) => e.status)).toEqual(['RUNNING']);
    const started = () => trail().then((events) => events.filter((e) => e.kind === 'stage_started' && e.detail?.stageId === 'review-annual_2022'));
    expect(await started()).toHaveLength(1);
    const reportRequests = async () => (await t.emailsTo(mail('ca-focal'))).filter((e) => e.subject.startsWith(REPORT)).length;
    expect(await reportRequests()).toBe(1);

    // A restart loses the execution; the tick (run again) and the resume race: one new execution drives the stage.
    t.system.stepFunctions.stopExecution(reviewExecutions('annual_2022')[0]!.arn);
    const [, , resumed] = await Promise.all([tick('2022-03-03'), tick('2022-03-03'), t.post(`${programPath}/resume`)]);
    expect(resumed.status).toBe(202);
    await t.settle();
    const drivers = () => reviewExecutions('annual_2022').filter((e) => !e.name.endsWith('-stray'));
    expect(drivers().map((e) => `${e.name.replace(program.id, '')}:${e.status}`)).toEqual(['-review-annual_2022:ABORTED', '-review-annual_2022-resume-1:RUNNING']);

    // An execution that is not the one the stage record names (a start that lost a race) stops at its first state.
    const machine = Object.values(t.system.template.Resources).find((r) => String(r.Properties?.StateMachineName ?? '').endsWith('-review'));
    const stray = t.system.stepFunctions.startExecution(
      `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${String(machine?.Properties?.StateMachineName)}`,
      `${program.id}-review-annual_2022-stray`,
      JSON.stringify({ subjectType: 'program', subjectId: program.id, stageId: 'review-annual_2022' }),
    );
    await t.settle();
    expect(t.system.stepFunctions.describeExecution(stray.executionArn).status).toBe('SUCCEEDED');

    // The clock lives through those days: their ticks start nothing more.
    await t.advanceDays(3);
    expect(await started()).toHaveLength(1);
    expect(await reportRequests()).toBe(1);
    const opened = (await trail()).filter((e) => e.kind === 'step_opened' && String(e.stepId).startsWith('review-annual_2022.'));
    expect(opened).toHaveLength(2);
    expect((await patchMilestone('annual_review_2022', { dueDate: '2022-03-10' })).status).toBe(409);
  });
});

describe('A party’s report', () => {
  it('refuses bad figures beside their fields, keeps what was typed, and leaves the step open', async () => {
    const link = await latest(t, 'ca-focal', REPORT);
    const typed: [string, string][] = [
      ['narrative', ''],
      ['models', '-5'],
      ['sessions', 'nhiều'],
      ['participants', '12.5'],
      ['adminTimeSaved', '150'],
      ['leaflets', '3.000'],
    ];
    const refused = await postReport(link, 'submit', typed);
    expect(refused.status).toBe(400);
    const errorOf = (id: string) => new RegExp(`id="${id}-error"><span aria-hidden="true">⚠ </span>([^<]+)</p>`).exec(refused.html)?.[1];
    expect(errorOf('narrative')).toBe('Vui lòng nhập báo cáo kết quả thực hiện.');
    expect(errorOf('models')).toBe('Số liệu không được âm.');
    expect(errorOf('sessions')).toBe('Vui lòng nhập một số nguyên không âm (ví dụ 212 hoặc 239.841).');
    expect(errorOf('participants')).toBe('Vui lòng nhập một số nguyên không âm (ví dụ 212 hoặc 239.841).');
    expect(errorOf('adminTimeSaved')).toBe('Tỷ lệ phần trăm phải từ 0 đến 100.');
    expect(errorOf('leaflets')).toBeUndefined();
    for (const [name, value] of typed.slice(1)) expect(refused.html).toMatch(new RegExp(`name="${name}"[^>]*value="${value.replace('.', '\\.')}"`));
    expect(refused.html).toContain('aria-invalid="true"');
    expect(refused.html).toContain('id="error-summary"');
    const open = (await t.get(programPath)).body.openSteps.filter((s: { kind: string }) => s.kind === 'submit_report');
    expect(open).toHaveLength(2);

    // Saved as a draft, the bad figures come back as typed; corrected, the report goes in.
    expect((await postReport(link, 'save_draft', typed)).status).toBe(303);
    const draft = await getPage(link);
    expect(draft.html).toMatch(/name="adminTimeSaved"[^>]*value="150"/);
    const sent = await postReport(link, 'submit', [['narrative', 'Công an tỉnh xây dựng 20 mô hình.'], ['models', '20'], ['sessions', '1.588'], ['adminTimeSaved', '15,5']]);
    expect(sent.status).toBe(303);
    await press(t, 'bdv-focal', REPORT, 'submit', reportFields('Ban Dân vận tổ chức 40 buổi.', { models: '5', sessions: '40' }));
    const review = (await t.get(`${programPath}/reviews/annual_2022`)).body;
    expect(review.status).toBe('conference');
    expect(review.reports['ca-qt'].figures).toEqual({ models: 20, sessions: 1588, adminTimeSaved: 15.5 });
    expect(review.totals).toEqual({ models: 25, sessions: 1628, adminTimeSaved: 15.5 });
  });

  it('asks to confirm a figure lower than last year’s, beside that field, and takes it once confirmed', async () => {
    // Finish 2022's review, then bring 2023's forward; a conference day past next year or off work is refused beside the field.
    const conferenceOn = async (date: string) => act(await latest(t, 'bdv-focal', 'Đề nghị tổ chức hội nghị'), 'set', '', [['date', date], ['time', '08:00'], ['place', 'Hội trường Tỉnh ủy'], ['chairId', 'bdv-head']]);
    const dateError = (html: string) => /id="date-error"><span aria-hidden="true">⚠ <\/span>([^<]+)<\/p>/.exec(html)?.[1];
    for (const [date, message] of [
      ['2080-06-06', 'Ngày họp phải trong vòng một năm tới (đến ngày 05/03/2023).'],
      ['2023-03-06', 'Ngày họp phải trong vòng một năm tới (đến ngày 05/03/2023).'],
      ['2022-03-13', 'Ngày họp phải là ngày làm việc: 13/03/2022 là Chủ nhật. Ngày làm việc kế tiếp là thứ Hai, 14/03/2022.'],
      ['2022-09-02', 'Ngày họp phải là ngày làm việc: 02/09/2022 là ngày nghỉ lễ, Tết. Ngày làm việc kế tiếp là thứ Hai, 05/09/2022.'],
    ]) {
      const refused = await conferenceOn(date!);
      expect(refused.status, date).toBe(400);
      expect(dateError(refused.html), date).toBe(message);
    }
    expect((await trail()).filter((e) => e.kind === 'conference_set')).toEqual([]);
    await press(t, 'bdv-focal', 'Đề nghị tổ chức hội nghị', 'set', [['date', '2022-03-10'], ['time', '08:00'], ['place', 'Hội trường Tỉnh ủy'], ['chairId', 'bdv-head']]);
    await advanceTo(t, '2022-03-11');
    await press(t, 'bdv-focal', 'Đề nghị ghi nhận kết quả hội nghị', 'record', [['summary', 'Hoàn thành.']]);
    for (const head of ['bdv-head', 'ca-head']) await press(t, head, 'Đề nghị phê duyệt kết quả hội nghị', 'approve');
    expect((await t.get(`${programPath}/reviews/annual_2022`)).body.status).toBe('approved');
    expect((await patchMilestone('annual_review_2023', { dueDate: '2022-03-14' })).status).toBe(200);
    await advanceTo(t, '2022-03-14');

    const link = await latest(t, 'ca-focal', REPORT);
    const figures: [string, string][] = [['narrative', 'Năm nay ít mô hình mới hơn.'], ['models', '12'], ['sessions', '2.000']];
    const asked = await postReport(link, 'submit', figures);
    expect(asked.status).toBe(400);
    expect(asked.html).toContain('id="models-error"><span aria-hidden="true">⚠ </span>Thấp hơn kỳ trước (năm 2022: 20). Nếu số liệu đúng, bấm “Xác nhận số liệu thấp hơn kỳ trước và gửi báo cáo”.');
    expect(asked.html).not.toContain('id="sessions-error"');
    expect(asked.html).toMatch(/name="models"[^>]*value="12"/);
    expect((await postReport(link, 'confirm_lower', figures)).status).toBe(303);
    await press(t, 'bdv-focal', REPORT, 'submit', reportFields('Ban Dân vận tổ chức 50 buổi.', { models: '6', sessions: '50' }));
    const review = (await t.get(`${programPath}/reviews/annual_2023`)).body;
    expect(review.reports['ca-qt']).toMatchObject({ figures: { models: 12, sessions: 2000 }, confirmedLower: ['models'] });
  });
});

describe('A cancelled conference', () => {
  it('sends METHOD:CANCEL with the next SEQUENCE, then the new conference as a new meeting', async () => {
    await press(t, 'bdv-focal', 'Đề nghị tổ chức hội nghị', 'set', [['date', '2022-03-24'], ['time', '08:00'], ['place', 'Hội trường Tỉnh ủy'], ['chairId', 'ca-head']]);
    const refused = await act(await latest(t, 'bdv-focal', 'Đề nghị ghi nhận kết quả hội nghị'), 'cancel_conference');
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Vui lòng nêu lý do hủy hội nghị.');
    await press(t, 'bdv-focal', 'Đề nghị ghi nhận kết quả hội nghị', 'cancel_conference', [], 'Trùng lịch họp Tỉnh ủy.');
    await press(t, 'bdv-focal', 'Đề nghị tổ chức hội nghị', 'set', [['date', '2022-03-29'], ['time', '14:00'], ['place', 'Hội trường Công an tỉnh'], ['chairId', 'ca-head']]);

    const invites = (await invitesTo(t, mail('bdv-head'))).filter((invite) => invite.subject.includes('năm 2023'));
    expect(invites.map((invite) => invite.subject.split(':')[0])).toEqual(['Giấy mời', 'Hủy lịch', 'Giấy mời']);
    const [first, cancelled, renewed] = invites.map((invite) => invite.ics) as [string, string, string];
    expect(icsValue(cancelled, 'METHOD')).toBe('CANCEL');
    expect(icsValue(cancelled, 'STATUS')).toBe('CANCELLED');
    expect(icsValue(cancelled, 'UID')).toBe(icsValue(first, 'UID'));
    expect([icsValue(first, 'SEQUENCE'), icsValue(cancelled, 'SEQUENCE'), icsValue(renewed, 'SEQUENCE')]).toEqual(['0', '1', '0']);
    expect(icsValue(renewed, 'UID')).not.toBe(icsValue(first, 'UID'));
    expect(icsLines(renewed)).toContain('DTSTART;TZID=Asia/Ho_Chi_Minh:20220329T140000');
    const chair = icsLines(renewed).find((line) => line.toLowerCase().endsWith('mailto:ca-head@example.vn'));
    expect(chair).toContain('ROLE=CHAIR');
    const review = (await t.get(`${programPath}/reviews/annual_2023`)).body;
    expect(review.conference).toMatchObject({ status: 'scheduled', sequence: 0, date: '2022-03-29', place: 'Hội trường Công an tỉnh' });
    expect((await trail()).find((e) => e.kind === 'conference_cancelled')?.detail).toMatchObject({ reviewId: 'annual_2023', sequence: 1 });
  });
});

describe('Reading the later stages', () => {
  it('answers 404 for a plan or review not started, 400 for a year that is not one, and the CSV of a review', async () => {
    expect((await t.get(`${programPath}/plans/2024`)).status).toBe(404);
    expect((await t.get(`${programPath}/plans/twenty`)).status).toBe(400);
    expect((await t.get(`${programPath}/reviews/final`)).status).toBe(404);
    expect((await t.get('/v1/programs/nowhere/reviews')).status).toBe(404);
    const csv = await fetch(`${t.system.apiUrl}${programPath}/reviews/annual_2022/figures.csv`);
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text.split('\r\n')[1]).toBe('Ban Dân vận Tỉnh ủy Quảng Trị,models,"Mô hình, điển hình “Dân vận khéo” xây dựng",mô hình,5');
    expect(text).toContain('Công an tỉnh Quảng Trị,sessions,"Buổi tuyên truyền, vận động Nhân dân",buổi,1588');
    expect(text).toContain('Tổng cộng,sessions,"Buổi tuyên truyền, vận động Nhân dân",buổi,1628');
    expect(text).toContain('Trung bình các đơn vị,adminTimeSaved,Thời gian giải quyết thủ tục hành chính được rút ngắn,%,15.5');
  });
});

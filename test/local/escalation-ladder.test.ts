import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFirstWorkingDayOfWeek, WorkingCalendar } from '#shared/calendar/working-days.js';
import { act, csrfOf, getPage, linkIn, TestSystem } from './helpers.js';

/**
 * The silent director, replayed: a four-party program whose police director never answers, lived
 * through 90 days around Tết 2027 (configured in cdk.json's dev stage as 2027-02-04 to 2027-02-10).
 */
const central = { id: 'bdv-tw', name: 'Ban Dân vận Trung ương', kind: 'dan_van', level: 'trung_uong', email: 'vanphong@bdvtw.example.vn' };
const organizations = [
  central,
  { id: 'bdv', name: 'Ban Dân vận Tỉnh ủy Lâm Đồng', kind: 'dan_van', level: 'tinh', parentId: 'bdv-tw' },
  { id: 'ca', name: 'Công an tỉnh Lâm Đồng', kind: 'cong_an', level: 'tinh' },
  { id: 'qs', name: 'Bộ Chỉ huy Quân sự tỉnh Lâm Đồng', kind: 'quan_su', level: 'tinh' },
  { id: 'bp', name: 'Bộ Chỉ huy Bộ đội Biên phòng tỉnh', kind: 'bien_phong', level: 'tinh' },
];
const person = (id: string, name: string, title: string, organizationId: string, extra = {}) => ({ id, name, title, email: `${id}@example.vn`, organizationId, ...extra });
const officials = [
  person('bdv-head', 'Nguyễn Văn An', 'Trưởng Ban Dân vận Tỉnh ủy', 'bdv'),
  person('bdv-focal', 'Trần Thị Bình', 'Chuyên viên Ban Dân vận', 'bdv'),
  person('ca-deputy', 'Đại tá Lê Văn Cường', 'Phó Giám đốc Công an tỉnh', 'ca'),
  person('secretary', 'Phạm Văn Dũng', 'Phó Bí thư Tỉnh ủy', 'bdv'),
  person('ca-head', 'Đại tá Hồ Văn Em', 'Giám đốc Công an tỉnh', 'ca', { deputyId: 'ca-deputy', superiorId: 'secretary' }),
  person('ca-focal', 'Thượng tá Vũ Thị Giang', 'Trưởng phòng Tham mưu', 'ca'),
  person('qs-head', 'Đại tá Đỗ Văn Hải', 'Chỉ huy trưởng', 'qs'),
  person('qs-focal', 'Trung tá Ngô Văn Khoa', 'Chủ nhiệm Chính trị', 'qs'),
  person('bp-head', 'Đại tá Lý Văn Long', 'Chỉ huy trưởng Biên phòng', 'bp'),
  person('bp-focal', 'Thiếu tá Mai Văn Minh', 'Trợ lý Dân vận', 'bp'),
];
const party = (org: string) => ({ organizationId: org, focalPointId: `${org}-focal`, reviewerId: `${org}-focal`, signatoryId: `${org}-head` });
const program = {
  id: 'ld-2027-2031',
  title: 'Chương trình phối hợp công tác dân vận giai đoạn 2027–2031',
  leadOrganizationId: 'bdv',
  period: { startYear: 2027, endYear: 2031 },
  parties: ['bdv', 'ca', 'qs', 'bp'].map(party),
  contentItems: [{ text: 'Phối hợp tuyên truyền, vận động Nhân dân.', responsibleOrganizationId: 'bdv' }],
};
const mail = (id: string) => `${id}@example.vn`;
const calendar = new WorkingCalendar({ extraDaysOff: ['2027-02-04', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10'], makeUpWorkingDays: [] });

let t: TestSystem;
const opened: string[] = [];

beforeAll(async () => {
  // Faults armed only by the last test (an SES refusal of a weekly digest).
  t = await TestSystem.start(Date.parse('2027-01-11T01:00:00Z'), { faultInjection: true }); // Monday 11 January 2027, 08:00 in Vietnam
  for (const organization of organizations) expect((await t.post('/v1/organizations', organization)).status).toBe(201);
  for (const official of officials) expect((await t.post('/v1/officials', official)).status).toBe(201);
  expect((await t.post('/v1/programs', program)).status).toBe(201);
  expect((await t.post(`/v1/programs/${program.id}/submit`)).status).toBe(202);
  await t.settle();
  for (const reviewer of ['ca-focal', 'qs-focal', 'bp-focal']) expect((await act(await t.latestLink(mail(reviewer)), 'approve')).status).toBe(200);
  await t.settle();
  for (const head of ['bdv-head', 'qs-head', 'bp-head']) expect((await act(await t.latestLink(mail(head)), 'sign')).status).toBe(200);
  await t.settle();
  // 90 days, a week at a time: every deputy link is opened while it is fresh, as a deputy would.
  for (let week = 0; week < 13; week++) {
    await t.advanceDays(week === 12 ? 6 : 7);
    for (const email of await t.emailsTo(mail('ca-deputy'))) {
      const link = linkIn(email)!;
      if (opened.includes(link)) continue;
      const page = await getPage(link);
      expect(page.status, email.subject).toBe(200);
      csrfOf(page.html);
      opened.push(link);
    }
  }
}, 600_000);
afterAll(async () => {
  await t?.stop();
});

type AuditEvent = { kind: string; at: string; stepId?: string; detail?: Record<string, unknown> };
const trail = async () => (await t.get(`/v1/programs/${program.id}/events`)).body.events as AuditEvent[];
const signStep = 'cosign-1.sign-r2-ca';
const emailsAbout = async (to: string) => (await trail()).filter((e) => e.kind === 'email_sent' && e.stepId === signStep && e.detail?.to === to);
const vietnamDay = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);

describe('The silent director, 90 days', () => {
  it('stops the director’s emails at the cap of 8, the last one saying so', async () => {
    const director = await t.emailsTo(mail('ca-head'));
    expect(director).toHaveLength(8);
    expect((await emailsAbout('ca-head')).length).toBe(8);
    expect(director.at(-1)!.body.text).toContain('Đây là thư nhắc cuối cùng về việc này');
    // The director gets no weekly digest (only the lead focal point does): the last email does not promise one.
    expect(director.at(-1)!.body.text).not.toContain('thư tổng hợp hằng tuần');
    expect((await trail()).filter((e) => e.kind === 'email_capped' && e.detail?.to === 'ca-head')).toHaveLength(1);
  });

  it('asks the deputy to sign KT. and reminds them too, every email with a fresh link that opened', async () => {
    const deputy = await t.emailsTo(mail('ca-deputy'));
    expect(deputy[0]!.subject).toMatch(/^Đề nghị xử lý thay: Đề nghị ký Chương trình phối hợp/);
    expect(deputy.slice(1).every((e) => e.subject.startsWith('Nhắc xử lý thay: '))).toBe(true);
    expect(deputy).toHaveLength(8);
    expect(new Set(deputy.map(linkIn)).size).toBe(8);
    expect(opened).toHaveLength(8);
  });

  it('tells the second level once: the superior and the central commission, with a page of what is late', async () => {
    const secretary = await t.emailsTo(mail('secretary'));
    const office = await t.emailsTo(central.email);
    expect(secretary.map((e) => e.subject)).toEqual([expect.stringMatching(/^Báo cáo cấp trên – chậm xử lý: /)]);
    expect(office).toHaveLength(1);
    const page = await getPage(linkIn(office[0]!)!);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Các việc đang chậm xử lý');
    expect(page.html).toContain('Đại tá Hồ Văn Em');
    expect(page.html).not.toContain('name="csrf"');
    const rungs = (await trail()).filter((e) => e.kind === 'escalation').map((e) => e.detail?.rung);
    expect(rungs).toEqual([1, 2]);
  });

  it('sends nothing on a weekend or in Tết, and reminders only at 08:00', async () => {
    const sent = (await trail()).filter((e) => e.kind === 'email_sent');
    expect(sent.length).toBeGreaterThan(20);
    for (const email of sent) expect(calendar.isWorkingDay(vietnamDay(email.at)), `${email.at} ${String(email.detail?.subject)}`).toBe(true);
    const reminders = (await trail()).filter((e) => ['reminder', 'overdue_notice', 'escalation'].includes(e.kind));
    for (const reminder of reminders) expect(new Date(reminder.at).toISOString().slice(11, 16), reminder.at).toBe('01:00');
  });

  it('tells the lead focal point weekly, on the week’s first working day, what is late', async () => {
    const weekly = (await t.emailsTo(mail('bdv-focal'))).filter((e) => e.subject.startsWith('Tổng hợp hằng tuần'));
    expect(weekly.length).toBeGreaterThanOrEqual(8);
    expect(weekly[0]!.body.text).toContain('Đại tá Hồ Văn Em');
  });

  it('sends a week’s digest once however often the tick runs, and on the tick’s retry after SES refused it', async () => {
    // Arrange
    const weeklies = async () => (await t.emailsTo(mail('bdv-focal'))).filter((e) => e.subject.startsWith('Tổng hợp hằng tuần')).length;
    const tick = (date: string) => t.system.invokeFunction(t.system.functionIdOf('functions/milestone-tick/handler.ts'), { date });
    const today = () => vietnamDay(new Date(t.system.clock.now()).toISOString());
    const toNextMonday = async () => {
      do await t.advanceDays(1);
      while (!isFirstWorkingDayOfWeek(calendar, today()));
    };
    await toNextMonday();
    const before = await weeklies();

    // Act: the same day's tick again; then a Monday whose digest SES refuses past the client's five attempts.
    await tick(today());
    const afterRerun = await weeklies();
    t.system.faults!.arm({ target: 'ses', operation: 'SendEmail', bodyIncludes: [mail('bdv-focal'), 'Tổng hợp hằng tuần'], fault: 'throttle', times: 5 });
    await toNextMonday();
    const injected = t.system.faults!.report();
    t.system.faults!.clear();
    await tick(today());

    // Assert: the refused digest's claim was withdrawn, so the tick's retry (Lambda's asynchronous retry) sent it, once.
    expect(afterRerun).toBe(before);
    expect(injected.injected.ses).toBe(5);
    expect(await weeklies()).toBe(before + 1);
  });
});

import { expect } from 'vitest';
import { act, type OutboxEmail, type PageResult, type TestSystem } from './helpers.js';

/**
 * A two-party program like Thừa Thiên Huế's (seed 000): the provincial Ban Dân vận leads, the
 * provincial police joins; heads sign, focal points draft and report, the police focal point has a
 * deputy (the late party's ladder has someone to climb to). Plans are signed by both heads.
 */
const person = (id: string, name: string, title: string, organizationId: string, extra = {}) => ({ id, name, title, email: `${id}@example.vn`, organizationId, ...extra });

export const lifecycleDirectory = {
  organizations: [
    { id: 'bdv-qt', name: 'Ban Dân vận Tỉnh ủy Quảng Trị', kind: 'dan_van', level: 'tinh', locality: 'Quảng Trị' },
    { id: 'ca-qt', name: 'Công an tỉnh Quảng Trị', kind: 'cong_an', level: 'tinh', locality: 'Quảng Trị' },
  ],
  officials: [
    person('bdv-head', 'Hoàng Thị Lan', 'Trưởng Ban Dân vận Tỉnh ủy', 'bdv-qt'),
    person('bdv-focal', 'Nguyễn Văn Bình', 'Trưởng phòng Dân vận, Ban Dân vận Tỉnh ủy', 'bdv-qt'),
    person('ca-deputy', 'Đại tá Trần Văn Cường', 'Phó Giám đốc Công an tỉnh', 'ca-qt'),
    person('ca-head', 'Đại tá Lê Quang Dũng', 'Giám đốc Công an tỉnh', 'ca-qt', { deputyId: 'ca-deputy' }),
    person('ca-focal', 'Thượng tá Phạm Thị Hà', 'Trưởng phòng Tham mưu, Công an tỉnh', 'ca-qt', { deputyId: 'ca-deputy' }),
  ],
};

export const lifecycleProgram = (id: string, period = { startYear: 2022, endYear: 2026 }) => ({
  id,
  title: `Chương trình phối hợp công tác dân vận giai đoạn ${period.startYear}–${period.endYear} giữa Ban Dân vận Tỉnh ủy và Công an tỉnh Quảng Trị`,
  leadOrganizationId: 'bdv-qt',
  period,
  planSignatures: true,
  objectives: 'Nâng cao hiệu quả công tác dân vận và phong trào Toàn dân bảo vệ an ninh Tổ quốc.',
  parties: [
    { organizationId: 'bdv-qt', focalPointId: 'bdv-focal', reviewerId: 'bdv-focal', signatoryId: 'bdv-head' },
    { organizationId: 'ca-qt', focalPointId: 'ca-focal', reviewerId: 'ca-focal', signatoryId: 'ca-head' },
  ],
  contentItems: [
    { text: 'Xây dựng, nhân rộng điển hình “Dân vận khéo” trên lĩnh vực an ninh, trật tự.', responsibleOrganizationId: 'ca-qt' },
    { text: 'Phát huy vai trò người có uy tín trong đồng bào dân tộc thiểu số, tôn giáo.', responsibleOrganizationId: 'bdv-qt' },
  ],
});

export const mail = (id: string) => `${id}@example.vn`;

const expectStatus = (result: { status: number; body: unknown }, status: number) => {
  if (result.status !== status) throw new Error(`Expected ${status}, got ${result.status}: ${JSON.stringify(result.body)}`);
};

export const loadLifecycleDirectory = async (t: TestSystem) => {
  for (const organization of lifecycleDirectory.organizations) expectStatus(await t.post('/v1/organizations', organization), 201);
  for (const official of lifecycleDirectory.officials) expectStatus(await t.post('/v1/officials', official), 201);
};

/** The latest email to an official whose subject has `subjectPart`, and its link. */
export const latest = async (t: TestSystem, officialId: string, subjectPart: string): Promise<string> => t.latestLink(mail(officialId), subjectPart);

/** Presses a button on the page behind the latest matching email; expects the outcome page (after the redirect). */
export const press = async (t: TestSystem, officialId: string, subjectPart: string, action: string, fields: [string, string][] = [], comment = ''): Promise<PageResult> => {
  const page = await act(await latest(t, officialId, subjectPart), action, comment, fields);
  expect(page.status, `${officialId} pressed ${action} on "${subjectPart}": ${page.html.slice(0, 4000)}`).toBe(200);
  await t.settle();
  return page;
};

/** Creates the program, submits it, and has it reviewed and signed: active, its milestones written. */
export const signProgram = async (t: TestSystem, program: ReturnType<typeof lifecycleProgram>) => {
  expectStatus(await t.post('/v1/programs', program), 201);
  expectStatus(await t.post(`/v1/programs/${program.id}/submit`), 202);
  await t.settle();
  await press(t, 'ca-focal', 'Đề nghị cho ý kiến dự thảo', 'approve');
  for (const head of ['bdv-head', 'ca-head']) await press(t, head, 'Đề nghị ký Chương trình phối hợp', 'sign');
  const view = await t.get(`/v1/programs/${program.id}`);
  expect(view.body.status).toBe('active');
  return view.body.milestones as { kind: string; dueDate: string; status: string }[];
};

/** Lives through the days up to 08:00 (Vietnam) of `date`: that day's tick at 07:00 has run. */
export const advanceTo = async (t: TestSystem, date: string) => {
  const now = t.system.clock.now();
  const target = Date.parse(`${date}T01:00:00Z`);
  if (target > now) await t.advanceDays((target - now) / 86_400_000);
};

export interface TaskInput {
  readonly text: string;
  readonly responsible: string;
  readonly dueDate: string;
}

export const taskFields = (tasks: readonly TaskInput[]): [string, string][] =>
  tasks.flatMap((task) => [
    ['tasks.text', task.text],
    ['tasks.responsibleOrganizationId', task.responsible],
    ['tasks.dueDate', task.dueDate],
  ]);

export type FiguresInput = Readonly<Record<string, string>>;

export const reportFields = (narrative: string, figures: FiguresInput): [string, string][] => [['narrative', narrative], ...Object.entries(figures)];

export interface AwardInput {
  readonly recipient: string;
  readonly kind: 'collective' | 'individual';
  readonly awardedBy: string;
}

export const awardFields = (awards: readonly AwardInput[]): [string, string][] =>
  awards.flatMap((award) => [
    ['awards.recipient', award.recipient],
    ['awards.kind', award.kind],
    ['awards.awardedBy', award.awardedBy],
  ]);

/** The calendar invites in the emails to one address, decoded, oldest first. */
export const invitesTo = async (t: TestSystem, address: string): Promise<{ subject: string; ics: string }[]> => {
  const store = (await (await fetch(`${t.system.sesUrl}/store`)).json()) as { emails: (OutboxEmail & { attachments?: { content: string; contentType: string }[] })[] };
  return store.emails
    .filter((email) => email.destination.to.includes(address))
    .flatMap((email) => (email.attachments ?? []).filter((a) => a.contentType.startsWith('text/calendar')).map((a) => ({ subject: email.subject, ics: Buffer.from(a.content, 'base64').toString('utf8') })));
};

/** An iCalendar text's properties, lines unfolded: name → every value line (with its parameters). */
export const icsLines = (ics: string): string[] => ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);

export const icsValue = (ics: string, name: string): string | undefined => {
  const lines = icsLines(ics);
  const start = lines.indexOf('BEGIN:VEVENT');
  const inEvent = lines.slice(start).find((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`));
  const found = inEvent ?? lines.find((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`));
  return found?.slice(found.indexOf(':') + 1);
};

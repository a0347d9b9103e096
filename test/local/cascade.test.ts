import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DISTRICTS_CSV, demoOfficials, demoOrganizations, demoProgram } from '../../infra/local/demo-data.js';
import { parseDirectoryCsv } from '#shared/directory-csv.js';
import { newStage } from '#shared/store/stages.js';
import { store } from '#shared/store/table.js';
import { programSubject } from '#shared/subject-ref.js';
import { act, getPage, linkIn, TestSystem } from './helpers.js';

/**
 * Thừa Thiên Huế's program cascades to three districts loaded from the demo CSV (Phong Điền,
 * Quảng Điền, A Lưới), and Phong Điền's on to one commune. Two districts sign on time, A Lưới is
 * late: reminded, escalated to the province's focal point, in the Monday digest; then it signs.
 */
const districts = ['phong-dien', 'quang-dien', 'a-luoi'];
const mail = (id: string) => `${id}@thuathienhue.example.gov.vn`;
const province = { ...demoProgram, cascade: { dueInWorkingDays: 20 } };
const provinceFocal = 'le.van.hung@thuathienhue.example.gov.vn';
const communeCsv = `type,id,name,kind,level,locality,parentId,email,title,organizationId,deputyId,superiorId,digest
organization,dv-phong-an,Khối Dân vận xã Phong An,dan_van,xa,Xã Phong An,bdv-phong-dien,,,,,,
organization,ca-phong-an,Công an xã Phong An,cong_an,xa,Xã Phong An,ca-phong-dien,,,,,,
official,dv-phong-an-dau-moi,Lê Thị Mận,,,,,${mail('dv-phong-an-dau-moi')},"Cán bộ Khối Dân vận, Đảng ủy xã Phong An",dv-phong-an,,dv-phong-an-truong,
official,dv-phong-an-truong,Nguyễn Văn Lành,,,,,${mail('dv-phong-an-truong')},Trưởng Khối Dân vận xã Phong An,dv-phong-an,,,
official,ca-phong-an-truong,Thiếu tá Trần Văn Khải,,,,,${mail('ca-phong-an-truong')},Trưởng Công an xã Phong An,ca-phong-an,,,
official,ca-phong-an-dau-moi,Đại úy Hồ Thị Nga,,,,,${mail('ca-phong-an-dau-moi')},Phó Trưởng Công an xã Phong An,ca-phong-an,,ca-phong-an-truong,false
`;
/** The demo CSV's header and the rows of the three districts. */
const districtsCsv = () => {
  const [header, ...rows] = readFileSync(DEMO_DISTRICTS_CSV, 'utf8').trim().split('\n');
  return [header, ...rows.filter((row) => districts.some((d) => row.includes(`-${d},`) || row.includes(`-${d}-`)))].join('\n');
};

let t: TestSystem;
const cascade = async (id = province.id) => (await t.get(`/v1/programs/${id}/cascade`)).body;
const child = (district: string) => `${province.id}--bdv-${district}`;
const events = async (id: string) => ((await t.get(`/v1/programs/${id}/events`)).body.events as { kind: string; stepId?: string; actorId?: string; detail?: Record<string, unknown> }[]);

/** A unit's program through its co-sign: the focal point submits from the cascade step's page, the police reviews, both heads sign. */
const unitSigns = async (district: string) => {
  const link = await t.latestLink(mail(`bdv-${district}-dau-moi`), 'Đề nghị xây dựng chương trình phối hợp của đơn vị');
  const page = await getPage(link);
  const items = ((await t.get(`/v1/programs/${child(district)}`)).body.contentItems as { text: string }[]).map((item) => item.text);
  items[1] = `${items[1]} Trên địa bàn huyện, ưu tiên các xã vùng đồng bào dân tộc thiểu số.`;
  const sent = await act(link, 'submit', 'Đã điều chỉnh nội dung 2 cho phù hợp với địa phương.', [['title', (await t.get(`/v1/programs/${child(district)}`)).body.title], ...items.map((text) => ['contentItems', text] as [string, string])]);
  await t.settle();
  await act(await t.latestLink(mail(`ca-${district}-dau-moi`), 'Đề nghị cho ý kiến'), 'approve');
  await t.settle();
  for (const head of [`bdv-${district}-truong-ban`, `ca-${district}-truong`]) expect((await act(await t.latestLink(mail(head), 'Đề nghị ký'), 'sign')).status).toBe(200);
  await t.settle();
  return { page, sent, items };
};

beforeAll(async () => {
  t = await TestSystem.start(); // Monday 2 March 2026, 08:00 in Vietnam
  for (const organization of demoOrganizations) expect((await t.post('/v1/organizations', organization)).status).toBe(201);
  const ordered = [...demoOfficials].sort((a, b) => Number(Boolean(a.deputyId || a.superiorId)) - Number(Boolean(b.deputyId || b.superiorId)));
  for (const official of ordered) expect((await t.post('/v1/officials', official)).status).toBe(201);
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe('Loading districts in bulk', () => {
  it('loads a CSV of three districts and a commune through the batch endpoints, idempotent on ids', async () => {
    const { organizations, officials, errors } = parseDirectoryCsv(`${districtsCsv()}\n${communeCsv.split('\n').slice(1).join('\n')}`);
    expect(errors).toEqual([]);
    expect(organizations).toHaveLength(8);
    expect(officials).toHaveLength(16);
    // Officials first in the file order would name heads not yet loaded: the batch waits for them.
    const loadedOfficials = await t.post('/v1/officials:batch', { officials: officials.slice().reverse() });
    expect(loadedOfficials.status).toBe(207);
    expect(loadedOfficials.body.results.every((r: { status: string }) => r.status === 'failed')).toBe(true);
    const loaded = await t.post('/v1/organizations:batch', { organizations });
    expect(loaded.status).toBe(207);
    expect(loaded.body.results.map((r: { status: string }) => r.status)).toEqual(Array(8).fill('created'));
    const people = await t.post('/v1/officials:batch', { officials: officials.slice().reverse() });
    expect(people.body.results.map((r: { status: string }) => r.status)).toEqual(Array(16).fill('created'));

    const again = await t.post('/v1/organizations:batch', {
      organizations: [organizations[0], { ...organizations[1], name: 'Công an huyện khác' }, { id: 'x-1', name: 'Xã lạ', kind: 'dan_van', level: 'xa', parentId: 'nowhere' }, { name: 'Không có mã', kind: 'dan_van', level: 'xa' }],
    });
    expect(again.status).toBe(207);
    expect(again.body.results).toEqual([
      { index: 0, id: 'bdv-phong-dien', status: 'unchanged' },
      { index: 1, id: 'ca-phong-dien', status: 'failed', error: expect.objectContaining({ code: 'conflict' }) },
      { index: 2, id: 'x-1', status: 'failed', error: expect.objectContaining({ code: 'validation_failed', issues: [{ path: 'parentId', message: 'unknown organization' }] }) },
      { index: 3, status: 'failed', error: expect.objectContaining({ code: 'validation_failed', issues: [{ path: 'id', message: 'required in a batch' }] }) },
    ]);
    expect((await t.post('/v1/organizations:batch', { organizations: [] })).status).toBe(400);
    expect((await t.post('/v1/officials:batch', { officials: Array(101).fill(officials[0]) })).status).toBe(400);

    const children = await t.get('/v1/organizations/bdv-tth/children');
    expect(children.body.children.map((o: { id: string }) => o.id)).toEqual(['bdv-a-luoi', 'bdv-phong-dien', 'bdv-quang-dien']);
    expect((await t.get('/v1/organizations/nowhere/children')).status).toBe(404);
  });
});

describe('Cascade from the province to its districts', () => {
  it('creates each district’s draft, pre-filled, and asks its Ban Dân vận focal point once the province signs', async () => {
    expect((await t.post('/v1/programs', province)).status).toBe(201);
    expect((await t.post(`/v1/programs/${province.id}/submit`)).status).toBe(202);
    await t.settle();
    await act(await t.latestLink(mail('pham.quoc.bao')), 'approve');
    await t.settle();
    for (const head of ['nguyen.chi.tai', 'nguyen.thanh.tuan']) await act(await t.latestLink(mail(head), 'Đề nghị ký'), 'sign');
    await t.settle();

    expect((await t.get(`/v1/programs/${province.id}`)).body.status).toBe('active');
    const view = await cascade();
    expect(view.summary).toEqual({ units: 3, signed: 0, late: 0, inProgress: 3 });
    expect(view.units.map((u: { programId: string }) => u.programId)).toEqual(districts.map(child).sort());
    const draft = (await t.get(`/v1/programs/${child('phong-dien')}`)).body;
    expect(draft).toMatchObject({ status: 'draft', parentProgramId: province.id, leadOrganizationId: 'bdv-phong-dien', period: province.period, cascade: { dueInWorkingDays: 20 } });
    expect(draft.parties).toEqual([
      { organizationId: 'bdv-phong-dien', focalPointId: 'bdv-phong-dien-dau-moi', reviewerId: 'bdv-phong-dien-dau-moi', signatoryId: 'bdv-phong-dien-truong-ban' },
      { organizationId: 'ca-phong-dien', focalPointId: 'ca-phong-dien-dau-moi', reviewerId: 'ca-phong-dien-dau-moi', signatoryId: 'ca-phong-dien-truong' },
    ]);
    expect(draft.contentItems).toEqual(province.contentItems.map((item) => ({ text: item.text, responsibleOrganizationId: item.responsibleOrganizationId.replace('tth', 'phong-dien') })));
    const [request] = await t.emailsTo(mail('bdv-a-luoi-dau-moi'));
    expect(request!.subject).toBe(`Đề nghị xây dựng chương trình phối hợp của đơn vị “${province.title}” – hạn 30/03/2026`);
  });

  it('lets a district prepare its program on the page, send it, and sign it: its activation completes the cascade step', async () => {
    const { page, sent, items } = await unitSigns('phong-dien');
    expect(page.html).toContain('Điền sẵn từ chương trình cấp trên');
    expect(page.html).toContain(province.contentItems[3]!.text);
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('đã được gửi lấy ý kiến các bên');
    const signed = (await t.get(`/v1/programs/${child('phong-dien')}`)).body;
    expect(signed).toMatchObject({ status: 'active' });
    expect(signed.contentItems[1].text).toBe(items[1]);
    const step = (await t.get(`/v1/programs/${province.id}`)).body.decidedSteps.find((s: { stepId: string }) => s.stepId === 'cascade-1.prepare_program-r1-bdv-phong-dien');
    expect(step.decision).toMatchObject({ outcome: 'signed', decidedBy: 'system', fields: { programId: child('phong-dien') } });
    const done = await getPage(await t.latestLink(mail('bdv-phong-dien-dau-moi'), 'Đề nghị xây dựng chương trình phối hợp của đơn vị'));
    expect(done.html).toContain('Hệ thống đã ghi nhận việc này hoàn thành');

    await unitSigns('quang-dien');
    expect((await cascade()).summary).toEqual({ units: 3, signed: 2, late: 0, inProgress: 1 });
  });

  it('nests: Phong Điền’s signed program directs its commune the same way', async () => {
    const commune = (await cascade(child('phong-dien'))).units;
    expect(commune).toEqual([expect.objectContaining({ organizationId: 'dv-phong-an', programId: `${child('phong-dien')}--dv-phong-an`, status: 'draft' })]);
    expect((await t.emailsTo(mail('dv-phong-an-dau-moi')))[0]!.subject).toContain('Đề nghị xây dựng chương trình phối hợp của đơn vị');
  });

  it('reminds A Lưới, escalates it to the province’s focal point, and reports it weekly while it is late', async () => {
    await t.advanceDays(40); // to Saturday 11 April: due 30 March, first rung 2 April, second rung 9 April
    const view = await cascade();
    expect(view.summary).toEqual({ units: 3, signed: 2, late: 1, inProgress: 0 });
    const late = view.units.find((u: { organizationId: string }) => u.organizationId === 'bdv-a-luoi');
    expect(late).toMatchObject({ state: 'late', status: 'draft', daysLate: 9 });

    const toUnit = (await t.emailsTo(mail('bdv-a-luoi-dau-moi'))).map((e) => e.subject);
    expect(toUnit.some((s) => s.startsWith('Nhắc lần'))).toBe(true);
    expect(toUnit.some((s) => s.startsWith('Thông báo quá hạn'))).toBe(true);
    const toProvince = (await t.emailsTo(provinceFocal)).filter((e) => e.subject.includes(province.title));
    expect(toProvince.filter((e) => e.subject.startsWith('Báo cáo chậm xử lý'))).toHaveLength(1);
    const secondRung = toProvince.filter((e) => e.subject.startsWith('Báo cáo cấp trên – chậm xử lý'));
    expect(secondRung).toHaveLength(1);
    expect(secondRung[0]!.body.text).toContain('Hồ Thị Xuân');
    const rungs = (await events(province.id)).filter((e) => e.kind === 'escalation' && e.stepId === 'cascade-1.prepare_program-r1-bdv-a-luoi');
    expect(rungs.map((e) => e.detail?.rung)).toEqual([1, 2]);
    expect(rungs[1]!.detail?.to).toEqual(['bdv-a-luoi-truong-ban', 'bdv-dau-moi']);

    // Monday 6 April: the table of units, with a link to a page of the same table; no generic digest line for it
    const digests = (await t.emailsTo(provinceFocal)).filter((e) => e.subject.startsWith('Tiến độ triển khai'));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toBe(`Tiến độ triển khai chương trình “${province.title}”: 2/3 đơn vị đã ký kết, 1 đơn vị chậm`);
    expect(digests[0]!.body.text).toContain('Ban Dân vận Huyện ủy A Lưới: Đang xây dựng dự thảo – chậm 5 ngày làm việc – hạn 30/03/2026');
    const table = await getPage(linkIn(digests[0]!)!);
    expect(table.status).toBe(200);
    expect(table.html).toContain('Tiến độ triển khai xuống cấp dưới');
    expect(table.html).toContain('Ban Dân vận Huyện ủy Quảng Điền');
    expect(table.html).not.toContain('name="csrf"');
    expect((await t.emailsTo(provinceFocal)).filter((e) => e.subject.startsWith('Tổng hợp hằng tuần'))).toHaveLength(0);
  });

  it('shows 3 signed once A Lưới signs, and finishes the cascade', async () => {
    await unitSigns('a-luoi');
    const view = await cascade();
    expect(view.summary).toEqual({ units: 3, signed: 3, late: 0, inProgress: 0 });
    expect(view.units.find((u: { organizationId: string }) => u.organizationId === 'bdv-a-luoi')).toMatchObject({ state: 'signed', signedLate: true });
    expect(view.stage.status).toBe('finished');
    const execution = t.system.stepFunctions.listExecutions().find((e) => e.name === `${province.id}-cascade-1`);
    expect(execution?.status).toBe('SUCCEEDED');
  });
});

describe('An activation retried after a failure', () => {
  it('starts one cascade and creates one program per unit, however often activation and planning are retried', async () => {
    const id = 'tth-2022-2026-retry';
    expect((await t.post('/v1/programs', { ...province, id, title: `${province.title} (bổ sung)` })).status).toBe(201);
    await store().transact([newStage(store(), programSubject(id), 'cosign', '1', 'played-by-the-test')]);
    const activate = () => t.system.invokeFunction(t.system.functionIdOf('shared/stages/cosign/handler.ts'), { operation: 'activate', programId: id, stageId: 'cosign-1' });
    const plan = () => t.system.invokeFunction(t.system.functionIdOf('shared/stages/cascade/handler.ts'), { operation: 'plan', programId: id, stageId: 'cascade-1' });

    // The first attempt fails as StartExecution fails: the program reads active only once its
    // milestones are written and its cascade started, so it is not active yet.
    const arn = process.env.STATE_MACHINE_ARN_CASCADE!;
    process.env.STATE_MACHINE_ARN_CASCADE = `${arn}-missing`;
    await expect(activate()).rejects.toThrow();
    process.env.STATE_MACHINE_ARN_CASCADE = arn;
    expect((await t.get(`/v1/programs/${id}`)).body.status).toBe('draft');

    await activate();
    await t.settle();
    expect((await t.get(`/v1/programs/${id}`)).body.status).toBe('active');
    await Promise.all([activate(), plan(), plan()]);
    await t.settle();

    const created = (await events(id)).filter((e) => e.kind === 'cascade_unit_created');
    expect(created).toHaveLength(3);
    expect((await cascade(id)).units.map((u: { programId: string }) => u.programId)).toEqual(['bdv-a-luoi', 'bdv-phong-dien', 'bdv-quang-dien'].map((u) => `${id}--${u}`));
    const programs = (await t.get('/v1/programs')).body.programs.filter((p: { id: string }) => p.id.startsWith(`${id}--`));
    expect(programs).toHaveLength(3);
    expect(t.system.stepFunctions.listExecutions().filter((e) => e.name.startsWith(`${id}-cascade-1`))).toHaveLength(1);
    expect((await events(id)).filter((e) => e.kind === 'stage_started' && e.detail?.stageId === 'cascade-1')).toHaveLength(1);
  });
});

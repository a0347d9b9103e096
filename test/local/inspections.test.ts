import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, csrfOf, getPage, TestSystem } from './helpers.js';
import { icsProperty, invitesTo, loadInspectionDirectory, plan, unitVisit } from './inspection-fixtures.js';

/**
 * One interagency inspection from plan to remediation, on the local stand-ins: the central
 * commission, the Ministry of Public Security and the army's General Political Department send a
 * team to Đắk Nông and Thừa Thiên Huế. The clock starts on Monday 2 March 2026, 08:00 in Hà Nội;
 * the tests run in order, each living through the next part of the plan.
 */
let t: TestSystem;
const ID = 'kiem-tra-2026';
const TITLE_PART = `(${ID})`;

const mail = {
  twFocal: 'lan@bdvtw.example.vn',
  bcaFocal: 'huy@bca.example.vn',
  tcctFocal: 'tuan@tcct.example.vn',
  lead: 'thang@bdvtw.example.vn',
  dnHead: 'tam@daknong.example.vn',
  dnFocal: 'bhong@daknong.example.vn',
  dnDeputy: 'thu@daknong.example.vn',
  tthHead: 'tai@hue.example.vn',
  tthFocal: 'hung@hue.example.vn',
};

const subjects = async (address: string) => (await t.emailsTo(address)).map((email) => email.subject);
const view = async () => (await t.get(`/v1/inspections/${ID}`)).body;

beforeAll(async () => {
  t = await TestSystem.start();
  await loadInspectionDirectory(t);
  // Another plan books the substitute-to-be on the day the team is in Đắk Nông.
  const other = plan('ke-hoach-khac', [unitVisit('bdv-qt', '2026-03-24', '2026-03-24')], {
    members: [{ officialId: 'bca-substitute', organizationId: 'bca', role: 'truong_doan' }],
    agencies: [{ organizationId: 'bca', focalPointId: 'bca-focal' }],
    leadOrganizationId: 'bca',
  });
  expect((await t.post('/v1/inspections', other)).status).toBe(201);
});
afterAll(async () => {
  await t?.stop();
});

describe('An interagency inspection, from plan to remediation', () => {
  it('books the plan and asks each of the three agencies to confirm its members', async () => {
    // Act
    const created = await t.post('/v1/inspections', plan(ID, [unitVisit('bdv-dn', '2026-03-23', '2026-03-24', 'Gia Nghĩa, Đắk Nông'), unitVisit('bdv-tth', '2026-03-26', '2026-03-27', 'Thành phố Huế')]));
    await t.settle();
    // Assess
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ id: ID, status: 'confirming', visits: [{ id: 'v1', sequence: 0 }, { id: 'v2', sequence: 0 }] });
    expect(created.body).not.toHaveProperty('lock');
    for (const address of [mail.twFocal, mail.bcaFocal, mail.tcctFocal]) {
      expect((await subjects(address)).filter((s) => s.includes(TITLE_PART))).toEqual([expect.stringMatching(/^Đề nghị xác nhận thành phần Đoàn kiểm tra liên ngành/)]);
    }
    expect((await view()).agencies.map((a: { status: string }) => a.status)).toEqual(['pending', 'pending', 'pending']);
  });

  it('checks a proposed substitute at once, then accepts one who is free', async () => {
    // Prepare
    const link = await t.latestLink(mail.bcaFocal, TITLE_PART);
    const page = await getPage(link);
    expect(page.html).toContain('<option value="bca-substitute">Trung tá Vũ Thị Hoa, Phó Trưởng phòng Dân vận, Bộ Công an</option>');
    const propose = () =>
      fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([['csrf', csrfOf(page.html)], ['action', 'substitute'], ['comment', 'Đồng chí Nam đi công tác nước ngoài.'], ['replacedMemberId', 'bca-member'], ['substituteId', 'bca-substitute']]),
      });
    // Act: the substitute is booked by another plan on 24 March
    const refused = await propose();
    const refusedHtml = await refused.text();
    // Assess
    expect(refused.status).toBe(400);
    expect(refusedHtml).toContain('id="substituteId-error"');
    expect(refusedHtml).toContain(
      'Đồng chí Trung tá Vũ Thị Hoa đã có lịch kiểm tra khác trùng ngày làm việc của Đoàn (ngày 24/03/2026, theo “Kiểm tra việc thực hiện Chương trình phối hợp công tác dân vận (ke-hoach-khac)”). Vui lòng đề xuất người khác',
    );
    // The page is Vietnamese: none of the clash's English for the API (“member … on 2026-03-24: inspection '…', visit v1”).
    expect(refusedHtml).not.toMatch(/member |inspection '|visit v\d| on 20\d\d-/);
    // Act: the other plan's visit is cancelled, which frees her; the proposal goes through
    expect((await t.post('/v1/inspections/ke-hoach-khac/visits/v1/cancel')).status).toBe(200);
    const accepted = await propose();
    await t.settle();
    expect(accepted.status).toBe(200);
    const after = await view();
    expect(after.agencies.find((a: { organizationId: string }) => a.organizationId === 'bca')).toMatchObject({ status: 'confirmed', confirmedBy: 'bca-focal' });
    expect(after.members).toContainEqual(expect.objectContaining({ officialId: 'bca-substitute', replaces: 'bca-member', role: 'thanh_vien', name: 'Trung tá Vũ Thị Hoa' }));
    const events = (await t.get(`/v1/inspections/${ID}/events`)).body.events;
    expect(events).toContainEqual(expect.objectContaining({ kind: 'member_substituted', detail: expect.objectContaining({ replaced: 'bca-member', substitute: 'bca-substitute' }) }));
  });

  it('once every agency confirms, invites each unit’s head and focal point with a calendar invite', async () => {
    // Act
    await act(await t.latestLink(mail.twFocal, TITLE_PART), 'confirm');
    await act(await t.latestLink(mail.tcctFocal, TITLE_PART), 'confirm');
    await t.settle();
    // Assess
    expect((await view()).status).toBe('confirmed');
    const [invite, ...more] = await invitesTo(t, mail.dnHead);
    expect(more).toEqual([]);
    expect(invite!.subject).toBe('Giấy mời: Đoàn kiểm tra liên ngành làm việc với Ban Dân vận Tỉnh ủy Đắk Nông (23/03/2026–24/03/2026)');
    const ics = invite!.ics;
    expect(icsProperty(ics, 'METHOD')).toEqual(['METHOD:REQUEST']);
    expect(icsProperty(ics, 'UID')).toEqual([`UID:inspection-${ID}-v1@danvan.gov.vn`]);
    expect(icsProperty(ics, 'SEQUENCE')).toEqual(['SEQUENCE:0']);
    expect(icsProperty(ics, 'DTSTART')).toEqual(['DTSTART;TZID=Asia/Ho_Chi_Minh:20260323T080000']);
    expect(icsProperty(ics, 'DTEND')).toEqual(['DTEND;TZID=Asia/Ho_Chi_Minh:20260324T170000']);
    expect(icsProperty(ics, 'TZID')).toEqual(['TZID:Asia/Ho_Chi_Minh']);
    expect(icsProperty(ics, 'LOCATION')).toEqual(['LOCATION:Gia Nghĩa\\, Đắk Nông']);
    expect(icsProperty(ics, 'ORGANIZER')).toEqual(['ORGANIZER;CN="Phạm Tất Thắng":mailto:thang@bdvtw.example.vn']);
    const attendees = icsProperty(ics, 'ATTENDEE');
    expect(attendees).toHaveLength(3);
    expect(attendees.find((a) => a.endsWith(`MAILTO:${mail.dnHead}`))).toContain('ROLE=REQ-PARTICIPANT');
    expect(attendees.find((a) => a.endsWith(`MAILTO:${mail.dnFocal}`))).toContain('ROLE=OPT-PARTICIPANT');
    expect(attendees.find((a) => a.endsWith(`MAILTO:${mail.lead}`))).toContain('ROLE=CHAIR');
    expect(await invitesTo(t, mail.dnFocal)).toHaveLength(1);
    expect(await invitesTo(t, mail.tthHead)).toHaveLength(1);
    const text = (await t.emailsTo(mail.dnHead))[0]!.body.text!;
    expect(text).toContain('Trung tá Vũ Thị Hoa, Phó Trưởng phòng Dân vận, Bộ Công an – Thành viên (Bộ Công an)');
    expect(text).not.toContain('Đỗ Văn Nam');
  });

  it('sends an updated invite, with a higher SEQUENCE, when a visit moves', async () => {
    // Act
    const moved = await t.post(`/v1/inspections/${ID}/visits/v2/reschedule`, { start: '2026-03-30', end: '2026-03-31' });
    await t.settle();
    // Assess
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const [first, update] = await invitesTo(t, mail.tthHead);
    expect(update!.subject).toBe('Thay đổi lịch: Đoàn kiểm tra liên ngành làm việc với Ban Dân vận Tỉnh ủy Thừa Thiên Huế (30/03/2026–31/03/2026)');
    expect(icsProperty(update!.ics, 'SEQUENCE')).toEqual(['SEQUENCE:1']);
    expect(icsProperty(update!.ics, 'UID')).toEqual(icsProperty(first!.ics, 'UID'));
    expect(icsProperty(update!.ics, 'DTSTART')).toEqual(['DTSTART;TZID=Asia/Ho_Chi_Minh:20260330T080000']);
    expect(await invitesTo(t, mail.dnHead)).toHaveLength(1);
  });

  it('reminds each unit 7 and 1 working days before its visit, at 08:00', async () => {
    // Act: to Saturday 21 March
    await t.advanceDays(19);
    // Assess
    const reminders = (await t.emailsTo(mail.dnHead)).filter((email) => email.subject.startsWith('Nhắc lịch'));
    expect(reminders.map((email) => email.subject)).toEqual([
      'Nhắc lịch: Đoàn kiểm tra liên ngành làm việc với Ban Dân vận Tỉnh ủy Đắk Nông từ ngày 23/03/2026',
      'Nhắc lịch: Đoàn kiểm tra liên ngành làm việc với Ban Dân vận Tỉnh ủy Đắk Nông từ ngày 23/03/2026',
    ]);
    expect(reminders[0]!.body.text).toContain('còn 7 ngày làm việc nữa');
    expect(reminders[1]!.body.text).toContain('còn 1 ngày làm việc nữa');
    // When they went out, by the local clock: the trail says (the outbox stamps the wall clock).
    const events = (await t.get(`/v1/inspections/${ID}/events`)).body.events as { kind: string; at: string; detail: { purpose?: string; to?: string } }[];
    const remindedAt = (officialId: string) => events.filter((e) => e.kind === 'email_sent' && e.detail.purpose === 'visit_reminder' && e.detail.to === officialId).map((e) => e.at);
    expect(remindedAt('dn-head')).toEqual(['2026-03-12T01:00:00.000Z', '2026-03-20T01:00:00.000Z']);
    // The moved visit (30 March) has had its 7-day reminder on Thursday 19 March.
    expect(remindedAt('tth-focal')).toEqual(['2026-03-19T01:00:00.000Z']);
  });

  it('asks the team lead for findings after the visit, checks each recommendation beside its fields, and asks the unit about each one', async () => {
    // Act: to Wednesday 25 March, the first working morning after the Đắk Nông visit
    await t.advanceDays(4);
    const link = await t.latestLink(mail.lead, 'Đề nghị gửi kết quả kiểm tra');
    const fields = (deadlines: [string, string]): [string, string][] => [
      ['findings', 'Tỉnh đã triển khai đồng bộ Chương trình phối hợp; công tác nắm tình hình ở vùng biên giới có nơi chưa sâu sát.'],
      ['recommendations.text', 'Xây dựng quy chế trao đổi thông tin giữa Ban Dân vận và Công an tỉnh.'],
      ['recommendations.responsibleUnit', 'Ban Dân vận Tỉnh ủy Đắk Nông'],
      ['recommendations.deadline', deadlines[0]],
      ['recommendations.text', 'Rà soát, củng cố tổ dân vận ở các xã biên giới.'],
      ['recommendations.responsibleUnit', 'Ban Dân vận Tỉnh ủy Đắk Nông'],
      ['recommendations.deadline', deadlines[1]],
    ];
    const refused = await act(link, 'submit', '', fields(['2026-04-24', '2026-03-01']));
    const tooLate = await act(link, 'submit', '', fields(['2080-04-24', '2028-03-27']));
    const offDays = await act(link, 'submit', '', fields(['2026-04-26', '2026-04-30']));
    const submitted = await act(link, 'submit', '', fields(['2026-04-24', '2026-04-03']));
    await t.settle();
    // Assess
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('id="recommendations-1-deadline-error"><span aria-hidden="true">⚠ </span>Hạn khắc phục phải sau ngày hôm nay.');
    const deadlineError = (html: string, index: number) => new RegExp(`id="recommendations-${index}-deadline-error"><span aria-hidden="true">⚠ </span>([^<]+)</p>`).exec(html)?.[1];
    expect([tooLate.status, offDays.status]).toEqual([400, 400]);
    expect([0, 1].map((index) => deadlineError(tooLate.html, index))).toEqual(Array(2).fill('Hạn khắc phục phải trong vòng hai năm tới (đến ngày 25/03/2028).'));
    expect([0, 1].map((index) => deadlineError(offDays.html, index))).toEqual([
      'Hạn khắc phục phải là ngày làm việc: 26/04/2026 là Chủ nhật. Ngày làm việc kế tiếp là thứ Hai, 27/04/2026.',
      'Hạn khắc phục phải là ngày làm việc: 30/04/2026 là ngày nghỉ lễ, Tết. Ngày làm việc kế tiếp là thứ Hai, 04/05/2026.',
    ]);
    expect(submitted.status).toBe(200);
    const visit = (await view()).visits[0];
    expect(visit.findings.recommendations).toEqual([
      expect.objectContaining({ number: 1, deadline: '2026-04-24', remediation: expect.objectContaining({ status: 'pending', dueAt: '2026-04-24T10:00:00.000Z' }) }),
      expect.objectContaining({ number: 2, deadline: '2026-04-03', remediation: expect.objectContaining({ status: 'pending', dueAt: '2026-04-03T10:00:00.000Z' }) }),
    ]);
    expect((await subjects(mail.dnFocal)).filter((s) => s.startsWith('Đề nghị báo cáo kết quả khắc phục'))).toHaveLength(2);
  });

  it('records a remediation reported on time', async () => {
    // Act
    const beforeVisit = await act(await t.latestLink(mail.dnFocal, 'hạn 24/04/2026'), 'report', '', [
      ['report', 'Đã ban hành Quy chế phối hợp trao đổi thông tin số 12-QC/BDV-CA.'],
      ['completedOn', '2020-01-02'],
    ]);
    const reported = await act(await t.latestLink(mail.dnFocal, 'hạn 24/04/2026'), 'report', '', [
      ['report', 'Đã ban hành Quy chế phối hợp trao đổi thông tin số 12-QC/BDV-CA.'],
      ['completedOn', '2026-03-25'],
    ]);
    await t.settle();
    // Assess
    expect(beforeVisit.status).toBe(400);
    expect(beforeVisit.html).toContain('id="completedOn-error"><span aria-hidden="true">⚠ </span>Ngày hoàn thành không thể trước ngày Đoàn kiểm tra làm việc với đơn vị (23/03/2026).');
    expect(reported.status).toBe(200);
    expect((await view()).visits[0].findings.recommendations[0].remediation).toMatchObject({ status: 'reported', completedOn: '2026-03-25', reportedBy: 'dn-focal', late: false });
  });

  it('escalates a late recommendation up the ladder to the central commission, and records the deputy’s late report', async () => {
    // Act: the Huế visit's findings on Wednesday 1 April (one recommendation, reported at once) ...
    await t.advanceDays(7);
    await act(await t.latestLink(mail.lead, 'Đề nghị gửi kết quả kiểm tra'), 'submit', '', [
      ['findings', 'Thực hiện tốt mô hình “Dân vận khéo” trong lĩnh vực an ninh trật tự.'],
      ['recommendations.text', 'Nhân rộng mô hình “Dân vận khéo” ra các huyện.'],
      ['recommendations.responsibleUnit', 'Ban Dân vận Tỉnh ủy Thừa Thiên Huế'],
      ['recommendations.deadline', '2026-04-20'],
    ]);
    await t.settle();
    await act(await t.latestLink(mail.tthFocal, 'Đề nghị báo cáo kết quả khắc phục'), 'report', '', [['report', 'Đã chỉ đạo 9 huyện, thị xã xây dựng mô hình.']]);
    // ... while the Đắk Nông unit stays silent past Friday 3 April, to Thursday 16 April
    await t.advanceDays(15);
    // Assess
    const late = (await view()).visits[0].findings.recommendations[1].remediation;
    expect(late).toMatchObject({ status: 'late', escalatedAt: '2026-04-08T01:00:00.000Z', secondLevelAt: '2026-04-15T01:00:00.000Z' });
    expect(await subjects(mail.dnDeputy)).toContainEqual(expect.stringMatching(/^Đề nghị xử lý thay: Đề nghị báo cáo kết quả khắc phục kiến nghị/));
    expect(await subjects(mail.twFocal)).toContainEqual(expect.stringMatching(/^Báo cáo chậm xử lý: Đề nghị báo cáo kết quả khắc phục kiến nghị/));
    expect(await subjects(mail.twFocal)).toContainEqual(expect.stringMatching(/^Báo cáo cấp trên – chậm xử lý: Đề nghị báo cáo kết quả khắc phục kiến nghị/));
    expect(await subjects(mail.dnHead)).toContainEqual(expect.stringMatching(/^Báo cáo cấp trên – chậm xử lý/));
    const events = (await t.get(`/v1/inspections/${ID}/events`)).body.events;
    expect(events.filter((e: { kind: string }) => e.kind === 'escalation').map((e: { detail: { rung: number; to: string[] } }) => e.detail)).toEqual([
      expect.objectContaining({ rung: 1, to: ['dn-deputy', 'tw-focal'] }),
      expect.objectContaining({ rung: 2, to: ['dn-head', 'tw-focal'] }),
    ]);

    // Act: the deputy reports for the focal point
    const reported = await act(await t.latestLink(mail.dnDeputy, 'Đề nghị xử lý thay'), 'report', '', [['report', 'Đã rà soát, kiện toàn 24 tổ dân vận ở các xã biên giới.']]);
    await t.settle();
    // Assess: the last report closes the plan
    expect(reported.status).toBe(200);
    const closed = await view();
    expect(closed.visits[0].findings.recommendations[1].remediation).toMatchObject({ status: 'reported_late', reportedBy: 'dn-deputy', onBehalfOf: 'dn-focal', late: true });
    expect(closed).toMatchObject({ status: 'completed', visits: [{ status: 'completed' }, { status: 'completed' }], openSteps: [] });
    expect(closed.stages).toEqual([expect.objectContaining({ stageId: 'inspection-1', status: 'finished' })]);
  });

  it('lists the plan in the period of its visits, and not outside it', async () => {
    const march = await t.get('/v1/inspections?from=2026-03-01&to=2026-03-31');
    const june = await t.get('/v1/inspections?from=2026-06-01&to=2026-06-30');
    expect(march.body.inspections.map((p: { id: string }) => p.id)).toEqual([ID, 'ke-hoach-khac']);
    expect(march.body.inspections[0]).toMatchObject({ status: 'completed', firstDay: '2026-03-23', lastDay: '2026-03-31', members: 4 });
    expect(june.body.inspections).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, TestSystem } from './helpers.js';
import { agencies, icsProperty, invitesTo, loadInspectionDirectory, plan, team, unitVisit } from './inspection-fixtures.js';

/**
 * The clash checks of an inspection plan, one kind at a time against a booked plan, the race of two
 * plans booking one member at once, and what moving or cancelling a visit does to the bookings and
 * to the invites. The clock starts on Monday 2 March 2026, 08:00 in Hà Nội.
 */
let t: TestSystem;

beforeAll(async () => {
  t = await TestSystem.start();
  await loadInspectionDirectory(t);
  // Prepare: the booked plan every clash is measured against (Đắk Nông, Monday 13 – Tuesday 14 April).
  const booked = await t.post('/v1/inspections', plan('booked', [unitVisit('bdv-dn', '2026-04-13', '2026-04-14', 'Gia Nghĩa')]));
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
});
afterAll(async () => {
  await t?.stop();
});

const clashesOf = (result: { status: number; body: { error: { code: string; issues: { kind: string; what: string; with: string; path: string }[] } } }) => {
  expect(result.status, JSON.stringify(result.body)).toBe(409);
  expect(result.body.error.code).toBe('clash');
  return result.body.error.issues;
};

const otherTeam = [
  { officialId: 'tw-focal', organizationId: 'bdv-tw', role: 'truong_doan' },
  { officialId: 'bca-substitute', organizationId: 'bca', role: 'thanh_vien' },
];

describe('Function: POST /v1/inspections (clash checks)', () => {
  it('refuses a member booked on overlapping days by another plan, saying who, when and with what', async () => {
    // Act
    const result = await t.post('/v1/inspections', plan('member-twice', [unitVisit('bdv-tth', '2026-04-14', '2026-04-15')]));
    // Assess
    const clashes = clashesOf(result);
    expect(clashes).toContainEqual({
      path: 'members.0.officialId',
      message: "already booked by inspection 'booked', visit v1",
      kind: 'member_booked',
      what: 'member Phạm Tất Thắng (pham-tat-thang) on 2026-04-14',
      with: "inspection 'booked', visit v1",
    });
    expect(clashes.filter((c) => c.kind === 'member_booked')).toHaveLength(team.length);
    expect((await t.get('/v1/inspections/member-twice')).status).toBe(404);
  });

  it('refuses a unit already inspected on overlapping days', async () => {
    const result = await t.post('/v1/inspections', plan('unit-twice', [unitVisit('bdv-dn', '2026-04-14', '2026-04-15')], { members: otherTeam, agencies: agencies.slice(0, 2) }));
    expect(clashesOf(result)).toEqual([
      {
        path: 'visits.0.start',
        message: 'the unit is already inspected on overlapping days',
        kind: 'unit_booked',
        what: 'unit Ban Dân vận Tỉnh ủy Đắk Nông (bdv-dn) on 2026-04-14–2026-04-15',
        with: "inspection 'booked', visit v1 on 2026-04-13–2026-04-14",
      },
    ]);
  });

  it('refuses visit days that are not working days: a weekend, a public holiday', async () => {
    const result = await t.post('/v1/inspections', plan('holidays', [unitVisit('bdv-tth', '2026-04-29', '2026-05-02')], { members: otherTeam, agencies: agencies.slice(0, 2) }));
    expect(clashesOf(result).map(({ kind, what, with: reason }) => ({ kind, what, with: reason }))).toEqual([
      { kind: 'non_working_day', what: 'visit v1 (Ban Dân vận Tỉnh ủy Thừa Thiên Huế) on 2026-04-30', with: 'a public holiday' },
      { kind: 'non_working_day', what: 'visit v1 (Ban Dân vận Tỉnh ủy Thừa Thiên Huế) on 2026-05-01', with: 'a public holiday' },
      { kind: 'non_working_day', what: 'visit v1 (Ban Dân vận Tỉnh ủy Thừa Thiên Huế) on 2026-05-02', with: 'a Saturday' },
    ]);
  });

  it('refuses a unit inspected again within the minimum interval (180 days)', async () => {
    const result = await t.post('/v1/inspections', plan('too-soon', [unitVisit('bdv-dn', '2026-06-01', '2026-06-02')], { members: otherTeam, agencies: agencies.slice(0, 2) }));
    expect(clashesOf(result)).toEqual([
      expect.objectContaining({
        kind: 'too_soon',
        what: 'unit Ban Dân vận Tỉnh ủy Đắk Nông (bdv-dn) on 2026-06-01–2026-06-02',
        with: "inspection 'booked', visit v1 on 2026-04-13–2026-04-14 (48 days apart; at least 180)",
      }),
    ]);
  });

  it('lists every clash of a plan at once', async () => {
    const result = await t.post('/v1/inspections', plan('everything', [unitVisit('bdv-dn', '2026-04-11', '2026-04-13')]));
    expect(new Set(clashesOf(result).map((c) => c.kind))).toEqual(new Set(['member_booked', 'unit_booked', 'non_working_day']));
  });

  it('refuses a plan that needs more than 100 writes in one transaction with a 400 before reading anything', async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ officialId: `nobody-${i}`, organizationId: 'bdv-tw', role: i === 0 ? 'truong_doan' : 'thanh_vien' }));
    const result = await t.post('/v1/inspections', plan('huge', [unitVisit('bdv-tth', '2026-09-07', '2026-09-15')], { members: many, agencies: agencies.slice(0, 1) }));
    expect(result.status).toBe(400);
    expect(result.body.error.message).toContain('at most 100 fit');
  });
});

describe('Function: two plans booking one member at once', () => {
  it('lets exactly one win; the other gets the clash with the winner', async () => {
    // Prepare: two plans for different units, on the same days, sharing the team lead.
    const first = plan('race-a', [unitVisit('bdv-qt', '2026-10-05', '2026-10-06')], { members: otherTeam, agencies: agencies.slice(0, 2) });
    const second = plan('race-b', [unitVisit('bdv-lc', '2026-10-06', '2026-10-07')], { members: otherTeam, agencies: agencies.slice(0, 2) });
    // Act
    const results = await Promise.all([t.post('/v1/inspections', first), t.post('/v1/inspections', second)]);
    // Assess
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const winner = results.find((r) => r.status === 201)!.body.id as string;
    const loser = results.find((r) => r.status === 409)!;
    expect(clashesOf(loser)).toContainEqual(expect.objectContaining({ kind: 'member_booked', what: 'member Nguyễn Thị Lan (tw-focal) on 2026-10-06', with: `inspection '${winner}', visit v1` }));
  });
});

describe('Function: the days a plan may name', () => {
  it('refuses a visit, or a move, starting more than two years after today (400, not 500), and takes one just within', async () => {
    // Act
    const far = await t.post('/v1/inspections', plan('far-off', [unitVisit('bdv-kt', '2078-03-15', '2078-03-16')], { members: otherTeam.slice(0, 1), agencies: agencies.slice(0, 1) }));
    const within = await t.post('/v1/inspections', plan('within-two-years', [unitVisit('bdv-kt', '2028-03-02', '2028-03-03')], { members: otherTeam.slice(0, 1), agencies: agencies.slice(0, 1) }));
    const moved = await t.post('/v1/inspections/within-two-years/visits/v1/reschedule', { start: '2090-03-15', end: '2090-03-16' });
    // Assess
    expect(far.status).toBe(400);
    expect(far.body.error.issues).toEqual([{ path: 'visits.0.start', message: 'must be at most 731 days after today (by 2028-03-02)' }]);
    expect(within.status, JSON.stringify(within.body)).toBe(201);
    expect(moved.status).toBe(400);
    expect(moved.body.error.issues).toEqual([{ path: 'start', message: 'must be at most 731 days after today (by 2028-03-02)' }]);
  });
});

describe('Function: moving and cancelling a visit', () => {
  it('moves a visit only to free working days, and frees the days it leaves', async () => {
    // Prepare
    expect((await t.post('/v1/inspections', plan('movable', [unitVisit('bdv-ag', '2026-11-02', '2026-11-03')], { members: otherTeam, agencies: agencies.slice(0, 2) }))).status).toBe(201);
    // Act: into a weekend (refused), then to Wednesday–Thursday (moved)
    const refused = await t.post('/v1/inspections/movable/visits/v1/reschedule', { start: '2026-11-07', end: '2026-11-08' });
    const moved = await t.post('/v1/inspections/movable/visits/v1/reschedule', { start: '2026-11-04', end: '2026-11-05' });
    // Assess
    expect(clashesOf(refused).map((c) => c.kind)).toEqual(['non_working_day', 'non_working_day']);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.visit).toMatchObject({ start: '2026-11-04', end: '2026-11-05', sequence: 1 });
    const freed = await t.post('/v1/inspections', plan('after-move', [unitVisit('ca-dn', '2026-11-02', '2026-11-03')], { members: otherTeam, agencies: agencies.slice(0, 2) }));
    expect(freed.status, JSON.stringify(freed.body)).toBe(201);
    const taken = await t.post('/v1/inspections', plan('into-moved', [unitVisit('bdv-kt', '2026-11-05', '2026-11-05')], { members: otherTeam.slice(0, 1), agencies: agencies.slice(0, 1) }));
    expect(clashesOf(taken)).toContainEqual(expect.objectContaining({ kind: 'member_booked', with: "inspection 'movable', visit v1" }));
  });

  it('sends the invite once the agencies confirm, then METHOD:CANCEL with a higher SEQUENCE when the visit is cancelled', async () => {
    // Prepare: a one-agency plan, confirmed by its focal point
    const one = plan('to-cancel', [unitVisit('bdv-tth', '2026-12-01', '2026-12-02', 'Thành phố Huế')], { members: otherTeam.slice(0, 1), agencies: agencies.slice(0, 1) });
    expect((await t.post('/v1/inspections', one)).status).toBe(201);
    await t.settle();
    const confirmed = await act(await t.latestLink('lan@bdvtw.example.vn', 'Đề nghị xác nhận thành phần'), 'confirm');
    expect(confirmed.html).toContain('Đã ghi nhận ý kiến');
    await t.settle();
    const [invite] = await invitesTo(t, 'tai@hue.example.vn');
    expect(icsProperty(invite!.ics, 'METHOD')).toEqual(['METHOD:REQUEST']);
    // Act
    const cancelled = await t.post('/v1/inspections/to-cancel/visits/v1/cancel');
    await t.settle();
    // Assess
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const invites = await invitesTo(t, 'tai@hue.example.vn');
    expect(invites).toHaveLength(2);
    const cancel = invites[1]!;
    expect(cancel.subject).toBe('Hủy lịch: Đoàn kiểm tra liên ngành làm việc với Ban Dân vận Tỉnh ủy Thừa Thiên Huế (01/12/2026–02/12/2026)');
    expect(icsProperty(cancel.ics, 'METHOD')).toEqual(['METHOD:CANCEL']);
    expect(icsProperty(cancel.ics, 'SEQUENCE')).toEqual(['SEQUENCE:1']);
    expect(icsProperty(cancel.ics, 'UID')).toEqual(icsProperty(invite!.ics, 'UID'));
    const view = await t.get('/v1/inspections/to-cancel');
    expect(view.body).toMatchObject({ status: 'cancelled', visits: [{ id: 'v1', status: 'cancelled' }] });
    const again = await t.post('/v1/inspections', plan('after-cancel', [unitVisit('bdv-kt', '2026-12-01', '2026-12-01')], { members: otherTeam.slice(0, 1), agencies: agencies.slice(0, 1) }));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  });
});

describe('Function: POST /v1/inspections/{id}/resume', () => {
  it('starts a lost stage again where the plan stands; the link already emailed still works', async () => {
    // Prepare: a plan waiting on its focal point, whose execution is then lost (as in a restart)
    expect((await t.post('/v1/inspections', plan('resumable', [unitVisit('bdv-tth', '2027-01-12', '2027-01-13')], { members: otherTeam.slice(0, 1), agencies: agencies.slice(0, 1) }))).status).toBe(201);
    await t.settle();
    const link = await t.latestLink('lan@bdvtw.example.vn', '(resumable)');
    const execution = t.system.stepFunctions.listExecutions().find((e) => e.name === 'resumable-inspection-1')!;
    t.system.stepFunctions.stopExecution(execution.arn);
    // Act
    const resumed = await t.post('/v1/inspections/resumable/resume');
    await t.settle();
    const confirmed = await act(link, 'confirm');
    await t.settle();
    // Assess
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(202);
    expect(resumed.body).toMatchObject({ id: 'resumable', status: 'resumed', execution: 'resumable-inspection-1-resume-1' });
    expect(confirmed.html).toContain('Đã ghi nhận ý kiến');
    expect((await t.emailsTo('lan@bdvtw.example.vn')).filter((email) => email.subject.includes('(resumable)'))).toHaveLength(1);
    expect(await invitesTo(t, 'tai@hue.example.vn')).toContainEqual(expect.objectContaining({ subject: expect.stringContaining('(12/01/2027–13/01/2027)') }));
    expect((await t.post('/v1/inspections/resumable/resume')).status).toBe(409);
  });
});

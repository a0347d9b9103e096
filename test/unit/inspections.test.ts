import { describe, expect, it } from 'vitest';
import { table } from '../../cli/output.js';
import { memberDays, requireTransactionFits } from '#shared/stages/inspection/bookings.js';
import { inspectionInput } from '#shared/stages/inspection/model.js';
import { findingsInstant, reminderInstants } from '#shared/stages/inspection/stage.js';

const valid = {
  title: 'Kiểm tra việc thực hiện Chương trình phối hợp',
  leadOrganizationId: 'bdv-tw',
  agencies: [
    { organizationId: 'bdv-tw', focalPointId: 'tw-focal' },
    { organizationId: 'bca', focalPointId: 'bca-focal' },
  ],
  members: [
    { officialId: 'lead', organizationId: 'bdv-tw', role: 'truong_doan' },
    { officialId: 'police', organizationId: 'bca', role: 'thanh_vien' },
  ],
  visits: [
    { organizationId: 'bdv-dn', start: '2026-04-13', end: '2026-04-14', headId: 'h', focalPointId: 'f' },
    { organizationId: 'bdv-tth', start: '2026-04-16', end: '2026-04-17', headId: 'h2', focalPointId: 'f2' },
  ],
};

const issuesOf = (plan: unknown) => {
  const result = inspectionInput.safeParse(plan);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('Function: inspectionInput', () => {
  it('accepts a plan whose team has one lead, whose agencies each send members, and whose visits do not overlap', () => {
    expect(issuesOf(valid)).toEqual([]);
  });

  it('names every rule a plan breaks, where it sits', () => {
    // Prepare
    const broken = {
      ...valid,
      leadOrganizationId: 'tcct',
      agencies: [...valid.agencies, { organizationId: 'bca', focalPointId: 'x' }],
      members: [{ officialId: 'police', organizationId: 'bca', role: 'thanh_vien' }, { officialId: 'police', organizationId: 'army', role: 'thu_ky' }],
      visits: [valid.visits[0], { ...valid.visits[0], start: '2026-04-14', end: '2026-05-14' }],
    };
    // Act / Assess
    expect(issuesOf(broken)).toEqual([
      'agencies.2.organizationId: this agency is listed twice',
      'leadOrganizationId: the lead must be one of the agencies',
      'members.1.officialId: this official is listed twice',
      'members.1.organizationId: must be one of the agencies',
      'agencies.0: an agency needs at least one member',
      'members: the team needs exactly one member with the role truong_doan (the team lead)',
      'visits.1.end: a visit lasts at most 14 days',
      'visits.1.organizationId: a plan visits each unit once',
      'visits.1.start: overlaps visit 1: the team can be in one place at a time',
    ]);
  });
});

describe('Function: the transaction budget of a plan', () => {
  it('books every member on every visit day, and refuses what one transaction cannot hold', () => {
    expect(memberDays(valid.members, [{ id: 'v1', start: '2026-04-13', end: '2026-04-15' }])).toHaveLength(6);
    expect(() => requireTransactionFits(100, 'This plan')).not.toThrow();
    expect(() => requireTransactionFits(101, 'This plan')).toThrow('This plan needs 101 writes in one transaction');
  });
});

describe('Function: a visit’s instants (working days, Asia/Ho_Chi_Minh)', () => {
  it('reminds 7 and 1 working days before the first day at the working hour, skipping weekends and National Day', () => {
    // Wednesday 2 September 2026 is National Day (the day next to it is announced in cdk.json, not set here).
    expect(reminderInstants({ start: '2026-09-07' }, 8).map(({ days, at }) => [days, new Date(at).toISOString()])).toEqual([
      [7, '2026-08-26T01:00:00.000Z'],
      [1, '2026-09-04T01:00:00.000Z'],
    ]);
  });

  it('asks for findings at the first working hour after the last day (a Friday visit: Monday)', () => {
    expect(new Date(findingsInstant({ end: '2026-03-27' }, 8)).toISOString()).toBe('2026-03-30T01:00:00.000Z');
  });
});

describe('Function: the command line’s tables', () => {
  it('lines columns up by the letters a terminal shows, composed Vietnamese included', () => {
    const decomposed = 'Thừa Thiên Huế'.normalize('NFD');
    expect(table(['UNIT', 'DAYS'], [[decomposed, 2], ['Đắk Nông', 10]])).toEqual(['UNIT            DAYS', '--------------  ----', `${decomposed}  2`, 'Đắk Nông        10']);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_DISTRICTS_CSV } from '../../infra/local/demo-data.js';
import { childProgramIdFor } from '#shared/stages/cascade/children.js';
import { unitRoles } from '#shared/stages/cascade/units.js';
import type { Official } from '#shared/directory.js';
import { parseDirectoryCsv } from '#shared/directory-csv.js';

const header = 'type,id,name,kind,level,locality,parentId,email,title,organizationId,deputyId,superiorId,digest';

describe('The directory CSV', () => {
  it('reads the demo file of Thừa Thiên Huế’s 9 districts: 18 units, a head and a focal point each', () => {
    const { organizations, officials, errors } = parseDirectoryCsv(readFileSync(DEMO_DISTRICTS_CSV, 'utf8'));
    expect(errors).toEqual([]);
    expect(organizations).toHaveLength(18);
    expect(officials).toHaveLength(36);
    expect(new Set(organizations.map((o) => o.locality)).size).toBe(9);
    expect(organizations[0]).toEqual({ id: 'bdv-tp-hue', name: 'Ban Dân vận Thành ủy Huế', kind: 'dan_van', level: 'huyen', locality: 'Thành phố Huế', parentId: 'bdv-tth' });
    expect(officials.find((o) => o.id === 'ca-tp-hue-dau-moi')).toMatchObject({ title: 'Đội trưởng Đội Tham mưu – Tổng hợp, Công an thành phố Huế', superiorId: 'ca-tp-hue-truong' });
  });

  it('takes a BOM, CRLF, quoted cells with commas, quotes and line breaks, columns in any order, and digest words', () => {
    const text = `\uFEFFid,type,name,title,email,organizationId,digest\r\nff-1,official,"Lê Thị ""Mận""","Cán bộ, Khối Dân vận\nxã Phong An",a@example.vn,org-1,có\r\n\r\n`;
    const { officials, errors } = parseDirectoryCsv(text);
    expect(errors).toEqual([]);
    expect(officials).toEqual([{ id: 'ff-1', name: 'Lê Thị "Mận"', title: 'Cán bộ, Khối Dân vận\nxã Phong An', email: 'a@example.vn', organizationId: 'org-1', digest: true }]);
  });

  it('reads a hand-edited file as it always has: mixed line endings, quotes inside a plain cell, spaces after a closing quote', () => {
    const text =
      'type,id,name,title,email,organizationId\n' +
      'official,a-1,Lê Thị "Mận",Chuyên viên,a@example.vn,org-1\r\n' +
      'official,"a-2"  ,"Hồ Văn\r\nEm" ,"Trưởng ban, Ban Dân vận",e@example.vn,org-1\r' +
      'official,a-3,Người C,Cán bộ,c@example.vn,org-1,extra\n';
    const { officials, errors } = parseDirectoryCsv(text);
    expect(officials).toEqual([
      { id: 'a-1', name: 'Lê Thị "Mận"', title: 'Chuyên viên', email: 'a@example.vn', organizationId: 'org-1' },
      { id: 'a-2', name: 'Hồ Văn\r\nEm', title: 'Trưởng ban, Ban Dân vận', email: 'e@example.vn', organizationId: 'org-1' },
    ]);
    // The CRLF inside the quoted name is one line break: the header is line 1, a-1 line 2, a-2 lines 3–4, a-3 line 5.
    expect(errors).toEqual([{ line: 5, message: 'has 7 cells; the header has 6' }]);
  });

  it('stops at text after a closing quote, naming the line of its row', () => {
    const text = `${header}\norganization,ok-1,Xã A,dan_van,xa,,,,,,,,\norganization,bad-1,"Xã" B,dan_van,xa,,,,,,,,\norganization,ok-2,Xã C,dan_van,xa,,,,,,,,`;
    const { organizations, errors } = parseDirectoryCsv(text);
    expect(organizations.map((o) => o.id)).toEqual(['ok-1']);
    expect(errors).toEqual([{ line: 3, message: 'a quoted cell has text after its closing quote (inside quotes, write a quote as "")' }]);
  });

  it('names the line of every row it cannot read, and reads the rest', () => {
    const text = [
      header,
      'organization,ok-1,Xã A,dan_van,xa,,,,,,,,',
      'unit,bad-1,Xã B,dan_van,xa,,,,,,,,',
      'organization,bad-2,Xã C,dan_van,xa,,,,Trưởng ban,,,,',
      'official,bad-3,Người D,,,,,d@example.vn,Chuyên viên,ok-1,,,maybe',
      'official,bad-4,Người E',
      '"unclosed',
    ].join('\n');
    const { organizations, officials, errors } = parseDirectoryCsv(text);
    expect(organizations.map((o) => o.id)).toEqual(['ok-1']);
    expect(officials).toEqual([]);
    expect(errors.map((e) => e.line)).toEqual([7, 3, 4, 5, 6]);
    expect(errors[1]!.message).toContain('type must be "organization" or "official"');
    expect(errors[2]!.message).toContain('has no title');
    expect(parseDirectoryCsv('type,id,nom\n').errors[0]!.message).toContain('unknown columns nom');
    expect(parseDirectoryCsv('').errors[0]!.message).toContain('header row');
  });
});

describe('A cascade unit', () => {
  const person = (id: string, extra: Partial<Official> = {}): Official => ({ id, name: id, title: 't', email: `${id}@example.vn`, organizationId: 'u', createdAt: '', ...extra });

  it('is headed by the official the others report to, and worked by one who reports to the head', () => {
    const roles = unitRoles([person('focal', { superiorId: 'head' }), person('head', { superiorId: 'secretary-elsewhere', deputyId: 'deputy' }), person('deputy', { superiorId: 'head' })]);
    expect(roles).toMatchObject({ head: { id: 'head' }, focalPoint: { id: 'focal' } });
    expect(unitRoles([person('alone')])).toMatchObject({ head: { id: 'alone' }, focalPoint: { id: 'alone' } });
    expect(unitRoles([])).toBeUndefined();
  });

  it('gets a program id that is the same on every retry and short enough for its execution names', () => {
    expect(childProgramIdFor('tth-2022-2026', 'bdv-phong-dien')).toBe('tth-2022-2026--bdv-phong-dien');
    const long = childProgramIdFor('tth-2022-2026--bdv-phong-dien--dv-phong-an', 'ca-xa-phong-an-rat-dai');
    expect(long).toBe(childProgramIdFor('tth-2022-2026--bdv-phong-dien--dv-phong-an', 'ca-xa-phong-an-rat-dai'));
    expect(long.length).toBeLessThanOrEqual(56);
    expect(long).not.toBe(childProgramIdFor('tth-2022-2026--bdv-phong-dien--dv-phong-an', 'ca-xa-phong-an-rat-dai-2'));
  });
});

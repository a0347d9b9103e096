import { describe, expect, it } from 'vitest';
import { indicators, readFigure, totalsOf } from '#shared/stages/review/indicators.js';
import { reviewFacts, reviewTitle } from '#shared/stages/review/records.js';
import { renewalIdFor, renewalTitle } from '#shared/stages/review/renewal.js';
import { stageForMilestone } from '#shared/stages/lifecycle/due.js';
import { checkForm } from '#shared/steps/form-check.js';
import { draftPlan } from '#shared/stages/annual-plan/kinds/draft-plan.js';
import * as z from 'zod/mini';
import { field, filledEntries, type StepKindDefinition } from '#shared/steps/kind/index.js';

const count = indicators.find((indicator) => indicator.kind === 'count')!;
const percent = indicators.find((indicator) => indicator.kind === 'percent')!;

describe('Function: readFigure', () => {
  it('reads whole numbers as Vietnamese write them, and refuses the rest with what to type', () => {
    // Prepare
    const typed = ['212', '239.841', '1,588', '1 588', '0', '', '  ', '-5', '12.5', 'nhiều', '1.5888'];
    // Act
    const read = typed.map((text) => readFigure(count, text));
    // Assess
    expect(read.map((r) => r.value)).toEqual([212, 239_841, 1588, 1588, 0, undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(read.slice(7).map((r) => r.error)).toEqual([
      'Số liệu không được âm.',
      'Vui lòng nhập một số nguyên không âm (ví dụ 212 hoặc 239.841).',
      'Vui lòng nhập một số nguyên không âm (ví dụ 212 hoặc 239.841).',
      'Vui lòng nhập một số nguyên không âm (ví dụ 212 hoặc 239.841).',
    ]);
  });

  it('reads percentages from 0 to 100, with a decimal comma or point', () => {
    expect(['15', '15,5', '45.25', '100', '0'].map((text) => readFigure(percent, text).value)).toEqual([15, 15.5, 45.3, 100, 0]);
    expect(readFigure(percent, '100,1').error).toBe('Tỷ lệ phần trăm phải từ 0 đến 100.');
    expect(readFigure(percent, '15%').error).toBe('Vui lòng nhập tỷ lệ phần trăm từ 0 đến 100 (ví dụ 15 hoặc 15,5).');
  });
});

describe('Function: totalsOf', () => {
  it('sums counts and averages percentages over the parties that gave one; nothing for an indicator nobody gave', () => {
    // Act
    const totals = totalsOf([{ models: 212, adminTimeSaved: 60 }, { models: 35, sessions: 1588, adminTimeSaved: 15 }, {}]);
    // Assess
    expect(totals).toEqual({ models: 247, sessions: 1588, adminTimeSaved: 37.5 });
  });
});

describe('Function: stageForMilestone', () => {
  it('maps each lifecycle milestone to its stage and instance', () => {
    expect(['annual_plan_2023', 'annual_review_2022', 'mid_term_review', 'final_review', 'cascade_due'].map(stageForMilestone)).toEqual([
      { stageKind: 'annual_plan', instance: '2023' },
      { stageKind: 'review', instance: 'annual_2022' },
      { stageKind: 'review', instance: 'mid_term' },
      { stageKind: 'review', instance: 'final' },
      undefined,
    ]);
  });
});

describe('Function: reviewFacts', () => {
  it('covers one year for an annual review, the first half for the mid-term, the whole period for the final', () => {
    const program = { period: { startYear: 2022, endYear: 2026 } };
    expect(reviewFacts('annual_2023', program)).toEqual({ scope: 'annual', year: 2023, from: 2023, to: 2023 });
    expect(reviewFacts('mid_term', program)).toEqual({ scope: 'mid_term', from: 2022, to: 2024 });
    expect(reviewFacts('final', program)).toEqual({ scope: 'final', from: 2022, to: 2026 });
    expect(reviewTitle('final', program)).toBe('tổng kết 5 năm thực hiện Chương trình phối hợp giai đoạn 2022–2026');
  });

  it('counts a period written from term to term as Vietnamese documents do: 2016–2021 is five years, not six', () => {
    const title = (startYear: number, endYear: number) => reviewTitle('final', { period: { startYear, endYear } });
    expect(title(2016, 2021)).toBe('tổng kết 5 năm thực hiện Chương trình phối hợp giai đoạn 2016–2021');
    expect(title(2021, 2026)).toBe('tổng kết 5 năm thực hiện Chương trình phối hợp giai đoạn 2021–2026');
    expect(title(2020, 2030)).toBe('tổng kết 10 năm thực hiện Chương trình phối hợp giai đoạn 2020–2030');
    expect([title(2021, 2030), title(2022, 2024), title(2026, 2026)].map((t) => /tổng kết (\d+) năm/.exec(t)?.[1])).toEqual(['10', '3', '1']);
  });
});

describe('Function: renewalIdFor, renewalTitle', () => {
  it('names the next period’s program after the old one, with the period replaced', () => {
    const next = { startYear: 2027, endYear: 2031 };
    const program = { id: 'tth-2022-2026', title: 'Chương trình phối hợp giai đoạn 2022–2026 giữa Ban Dân vận Tỉnh ủy và Công an tỉnh', period: { startYear: 2022, endYear: 2026 } };
    expect(renewalIdFor(program, next)).toBe('tth-2027-2031');
    expect(renewalTitle(program, next)).toBe('Chương trình phối hợp giai đoạn 2027–2031 giữa Ban Dân vận Tỉnh ủy và Công an tỉnh');
    expect(renewalIdFor({ ...program, id: 'tth' }, next)).toBe('tth-2027-2031');
    expect(renewalTitle({ ...program, title: 'Chương trình phối hợp 2022 - 2026' }, next)).toBe('Chương trình phối hợp 2027–2031');
    expect(renewalTitle({ ...program, title: 'Chương trình phối hợp' }, next)).toBe('Chương trình phối hợp (giai đoạn 2027–2031)');
  });
});

describe('Function: checkForm with a group of fields (a plan’s tasks)', () => {
  it('says in Vietnamese that a field without a message of its own does not fit (never zod’s English)', () => {
    // Prepare: a kind whose field declares no message.
    const kind: StepKindDefinition = {
      ...draftPlan,
      form: z.object({ copies: field(z.int(), { label: 'Số bản', widget: 'number' }) }),
    };
    // Act
    const checked = checkForm(kind, ['submit'], { action: 'submit', values: { copies: 'ba' } });
    // Assess
    expect(checked).toEqual({ ok: false, errors: { copies: 'Giá trị không hợp lệ, vui lòng kiểm tra lại.' } });
  });

  it('reads entries side by side, keeps a blank one’s place, and names errors by entry and field', () => {
    // Prepare: three entries as posted, the second left blank, the third with a bad date.
    const values = {
      'tasks.text': ['Hội nghị triển khai', '', 'Xây dựng mô hình'],
      'tasks.responsibleOrganizationId': ['bdv', '', ''],
      'tasks.dueDate': ['2023-03-31', '', '31/12/2023'],
    };
    // Act
    const checked = checkForm(draftPlan, ['submit'], { action: 'submit', values });
    // Assess
    expect(checked).toEqual({ ok: false, errors: { 'tasks-2-responsibleOrganizationId': 'Vui lòng chọn đơn vị chủ trì.', 'tasks-2-dueDate': 'Vui lòng nhập thời hạn theo dạng năm-tháng-ngày.' } });
  });

  it('parses filled entries into objects, blank ones into null, and refuses a plan without any', () => {
    const parsed = checkForm(draftPlan, ['submit'], {
      action: 'submit',
      values: { 'tasks.text': ['', 'Hội nghị'], 'tasks.responsibleOrganizationId': ['', 'bdv'], 'tasks.dueDate': ['', '2023-03-31'] },
    });
    expect(parsed.ok && parsed.fields?.tasks).toEqual([null, { text: 'Hội nghị', responsibleOrganizationId: 'bdv', dueDate: '2023-03-31' }]);
    expect(filledEntries(parsed.ok ? (parsed.fields?.tasks as unknown[]) : [])).toHaveLength(1);
    const empty = checkForm(draftPlan, ['submit'], { action: 'submit', values: { 'tasks.text': ['', ''] } });
    expect(empty).toEqual({ ok: false, errors: { tasks: 'Kế hoạch cần ít nhất một nhiệm vụ.' } });
  });
});

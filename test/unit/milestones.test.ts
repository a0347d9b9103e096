import { describe, expect, it } from 'vitest';
import type { Program } from '../../shared/programs/model.js';
import { lifecycleMilestones } from '../../shared/programs/milestones.js';

describe('Function: lifecycleMilestones', () => {
  it('plans each year, reviews each year but the last, a mid-term and a final review', () => {
    const program = { period: { startYear: 2022, endYear: 2026 } } as Program;
    const milestones = lifecycleMilestones(program, Date.parse('2022-05-26T09:00:00Z'));
    expect(milestones).toEqual([
      { kind: 'annual_plan_2022', dueDate: '2022-06-25', year: 2022 },
      { kind: 'annual_review_2022', dueDate: '2022-12-15', year: 2022 },
      { kind: 'annual_plan_2023', dueDate: '2022-12-01', year: 2023 },
      { kind: 'annual_review_2023', dueDate: '2023-12-15', year: 2023 },
      { kind: 'annual_plan_2024', dueDate: '2023-12-01', year: 2024 },
      { kind: 'annual_review_2024', dueDate: '2024-12-15', year: 2024 },
      { kind: 'annual_plan_2025', dueDate: '2024-12-01', year: 2025 },
      { kind: 'annual_review_2025', dueDate: '2025-12-15', year: 2025 },
      { kind: 'annual_plan_2026', dueDate: '2025-12-01', year: 2026 },
      { kind: 'mid_term_review', dueDate: '2024-06-30', year: 2024 },
      { kind: 'final_review', dueDate: '2026-11-30', year: 2026 },
    ]);
  });

  it('has no mid-term review in a two-year program', () => {
    const milestones = lifecycleMilestones({ period: { startYear: 2025, endYear: 2026 } } as Program, Date.parse('2025-01-01T00:00:00Z'));
    expect(milestones.map((m) => m.kind)).toEqual(['annual_plan_2025', 'annual_review_2025', 'annual_plan_2026', 'final_review']);
  });
});

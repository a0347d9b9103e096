import { describe, expect, it } from 'vitest';
import type { Program } from '#shared/programs/model.js';
import { lifecycleMilestones } from '#shared/stages/lifecycle/milestones.js';

/** Every registered stage's milestones come in the order they fall due. */
const byDueDate = <T extends { dueDate: string; kind: string }>(milestones: T[]) =>
  [...milestones].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.kind.localeCompare(b.kind));

describe('Function: lifecycleMilestones', () => {
  it('plans each year, reviews each year but the last, a mid-term and a final review', () => {
    const program = { period: { startYear: 2022, endYear: 2026 } } as Program;
    const milestones = lifecycleMilestones(program, Date.parse('2022-05-26T09:00:00Z'));
    expect(milestones).toEqual(byDueDate([
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
    ]));
  });

  it('has no mid-term review in a two-year program', () => {
    const milestones = lifecycleMilestones({ period: { startYear: 2025, endYear: 2026 } } as Program, Date.parse('2025-01-01T00:00:00Z'));
    expect(milestones.map((m) => m.kind)).toEqual(['annual_plan_2025', 'annual_plan_2026', 'annual_review_2025', 'final_review']);
  });

  it('gives a program signed late no milestone already past: its first plan covers the years up to it, past reviews are left out', () => {
    // A district signing its 2022–2026 program on 1 February 2023: the 2022 review and the day the
    // 2023 plan was due (1 December 2022) have passed; its first plan falls due a month later.
    const district = lifecycleMilestones({ period: { startYear: 2022, endYear: 2026 } } as Program, Date.parse('2023-02-01T03:00:00Z'));
    expect(district.slice(0, 3)).toEqual([
      { kind: 'annual_plan_2022', dueDate: '2023-03-03', year: 2022 },
      { kind: 'annual_plan_2024', dueDate: '2023-12-01', year: 2024 },
      { kind: 'annual_review_2023', dueDate: '2023-12-15', year: 2023 },
    ]);
    expect(district.every((m) => m.dueDate >= '2023-02-01')).toBe(true);
    expect(district.map((m) => m.kind)).not.toContain('annual_plan_2023');

    // Signed after its final review's day: nothing but the final review, a month on (a plan would fall due after the period).
    const last = lifecycleMilestones({ period: { startYear: 2022, endYear: 2026 } } as Program, Date.parse('2026-12-10T03:00:00Z'));
    expect(last).toEqual([{ kind: 'final_review', dueDate: '2027-01-09', year: 2026 }]);
  });

  it('asks for no plan that would fall due after the period, and for one that falls due within it', () => {
    // Signed in its last month: the plan would be due in January after the period ended.
    const december = lifecycleMilestones({ period: { startYear: 2025, endYear: 2026 } } as Program, Date.parse('2026-12-05T03:00:00Z'));
    expect(december.map((m) => m.kind)).toEqual(['final_review']);
    // Signed in October of its last year: one plan for the rest of the period, due in November.
    const october = lifecycleMilestones({ period: { startYear: 2022, endYear: 2026 } } as Program, Date.parse('2026-10-15T03:00:00Z'));
    expect(october).toEqual([
      { kind: 'annual_plan_2022', dueDate: '2026-11-14', year: 2022 },
      { kind: 'final_review', dueDate: '2026-11-30', year: 2026 },
    ]);
  });
});

import type { WorkingCalendar } from '#shared/calendar/working-days.js';

/** The sample plan as `inspection-plan.yaml` holds it: visits last `days` working days, none has its dates yet. */
export interface PlanTemplate {
  readonly id: string;
  readonly startsInWorkingDays: number;
  readonly visits: readonly ({ readonly id: string; readonly days: number } & Record<string, unknown>)[];
  readonly [field: string]: unknown;
}

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The first day on or after `from` that starts `days` consecutive working days (a visit may not span a weekend or a holiday). */
const firstRunOf = (calendar: WorkingCalendar, from: string, days: number): string => {
  let start = calendar.addWorkingDays(from, 0);
  for (;;) {
    let end = start;
    let fits = true;
    for (let i = 1; i < days && fits; i += 1) {
      end = nextDay(end);
      fits = calendar.isWorkingDay(end);
    }
    if (fits) return start;
    start = calendar.addWorkingDays(end, 0);
  }
};

/**
 * The plan with its visits dated: the first on the first run of working days from `firstDay`, each
 * next one from the day after the last ends (the team goes on every visit, so they never overlap);
 * the id and the title get the first visit's year (`kiem-tra-tth-2027`). What is left is a plan the API takes.
 */
export const datedPlan = (template: PlanTemplate, firstDay: string, calendar: WorkingCalendar) => {
  const { startsInWorkingDays: _offset, visits, id, ...plan } = template;
  let from = firstDay;
  const dated = visits.map(({ days, ...visit }) => {
    const start = firstRunOf(calendar, from, days);
    let end = start;
    for (let i = 1; i < days; i += 1) end = nextDay(end);
    from = nextDay(end);
    return { ...visit, start, end };
  });
  const year = dated[0]!.start.slice(0, 4);
  return { id: `${id}-${year}`, ...plan, title: `${String(plan.title)} năm ${year}`, visits: dated };
};

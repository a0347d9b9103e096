import type { Deps } from '#shared/deps.js';
import { getOrganization } from '#shared/directory.js';
import type { Program } from '#shared/programs/model.js';
import { getProgramRecord } from '#shared/store/programs.js';
import type { Step } from '#shared/steps/model.js';
import { type Figures, indicators } from './indicators.js';
import { getReview, type PartyReport, type ReviewRecord, reviewFacts } from './records.js';

/** The reports in the order the program lists its parties (the lead first, as documents list them). */
export const reportsInPartyOrder = (program: Pick<Program, 'parties'>, review: ReviewRecord): PartyReport[] =>
  program.parties.flatMap((party) => (review.reports[party.organizationId] ? [review.reports[party.organizationId]!] : []));

/** A report's figures from the decision's parsed fields (only those given). */
export const figuresOf = (fields: Record<string, unknown> | undefined): Record<string, number> => {
  const figures: Record<string, number> = {};
  for (const indicator of indicators) {
    const value = fields?.[indicator.id];
    if (typeof value === 'number') figures[indicator.id] = value;
  }
  return figures;
};

/** A party's report as its focal point (or their deputy) submitted it. */
export const reportOf = (step: Step, lower: readonly string[] = []): PartyReport | undefined => {
  const decision = step.decision;
  if (!decision) return undefined;
  return JSON.parse(
    JSON.stringify({
      organizationId: step.partyOrganizationId,
      narrative: String(decision.fields?.narrative ?? ''),
      figures: figuresOf(decision.fields),
      confirmedLower: decision.action === 'confirm_lower' ? lower : [],
      submittedBy: decision.decidedBy,
      onBehalfOf: decision.onBehalfOf,
      capacity: decision.capacity,
      submittedAt: decision.at,
    }),
  );
};

/**
 * The review a party's figures are compared with: last year's annual review for an annual one
 * (the previous program's for the first year of a renewed program), and the previous program's
 * review of the same kind for a mid-term or final review.
 */
const previousReviewOf = async (deps: Deps, programId: string, reviewId: string): Promise<ReviewRecord | undefined> => {
  const program = await getProgramRecord(deps.db, programId);
  const facts = reviewFacts(reviewId, program);
  if (facts.scope === 'annual') {
    const sameProgram = await getReview(deps.db, programId, `annual_${facts.year - 1}`);
    if (sameProgram || !program.previousProgramId) return sameProgram;
    return getReview(deps.db, program.previousProgramId, `annual_${facts.year - 1}`);
  }
  return program.previousProgramId ? getReview(deps.db, program.previousProgramId, reviewId) : undefined;
};

/** The party's figures of the previous period, when it reported any. */
export const previousFigures = async (deps: Deps, programId: string, reviewId: string, organizationId: string): Promise<{ label: string; figures: Figures } | undefined> => {
  const previous = await previousReviewOf(deps, programId, reviewId);
  const report = previous?.reports[organizationId];
  if (!previous || !report) return undefined;
  const label = previous.scope === 'annual' ? `năm ${previous.year}` : `giai đoạn ${previous.periodFrom}–${previous.periodTo}`;
  return { label, figures: report.figures };
};

/** The indicators whose typed figure is lower than the previous period's. */
export const lowerThanBefore = (fields: Record<string, unknown>, before: Figures): string[] =>
  indicators.filter((indicator) => typeof fields[indicator.id] === 'number' && before[indicator.id] !== undefined && (fields[indicator.id] as number) < before[indicator.id]!).map((i) => i.id);


/**
 * One cell. A text that starts like a formula (`=`, `+`, `-`, `@`, or a tab or line break before
 * one) is written with a leading `'`, quoted, as OWASP's CSV-injection guidance says, so Excel shows
 * it as text (a party named `=HYPERLINK(…)`). Numbers stay numbers: a figure is a JavaScript number,
 * which carries no formula (`-5` is minus five), and prefixing it would make totals text.
 */
export const csvCell = (value: string | number | undefined): string => {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = value ?? '';
  if (/^[=+\-@\t\r\n]/.test(text)) return `"'${text.replaceAll('"', '""')}"`;
  return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * The review's figures as CSV: UTF-8 with a byte-order mark (so Excel reads Vietnamese), CRLF, a
 * row per party and indicator, then a totals row per indicator. Numbers are plain (no grouping).
 */
export const figuresCsv = async (deps: Deps, program: Pick<Program, 'parties'>, review: ReviewRecord): Promise<string> => {
  const rows: (string | number | undefined)[][] = [['Đơn vị', 'Mã chỉ tiêu', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu']];
  for (const report of reportsInPartyOrder(program, review)) {
    const name = (await getOrganization(deps.db, report.organizationId)).name;
    for (const indicator of indicators) rows.push([name, indicator.id, indicator.label, indicator.unit, report.figures[indicator.id]]);
  }
  for (const indicator of indicators) {
    const how = indicator.kind === 'percent' ? 'Trung bình các đơn vị' : 'Tổng cộng';
    rows.push([how, indicator.id, indicator.label, indicator.unit, review.totals[indicator.id]]);
  }
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
};

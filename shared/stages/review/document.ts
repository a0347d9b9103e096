import type { Deps } from '#shared/deps.js';
import { getOfficial } from '#shared/directory.js';
import { html, multiline, type SafeHtml } from '#shared/html.js';
import { displayDay, partyNames } from '#shared/stages/annual-plan/document.js';
import { getProgramRecord } from '#shared/store/programs.js';
import type { Step } from '#shared/steps/model.js';
import { previousFigures, reportsInPartyOrder } from './figures.js';
import { displayFigure, indicators } from './indicators.js';
import { getReview, type PartyReport, type ReviewRecord, reviewFacts, reviewIdOfStage, reviewTitle } from './records.js';

const awardKinds = { collective: 'Tập thể', individual: 'Cá nhân' } as const;

const figuresTable = (parties: readonly PartyReport[], review: ReviewRecord, names: ReadonlyMap<string, string>): SafeHtml => {
  if (parties.length === 0) return html`<p class="hint">Chưa có báo cáo của các bên.</p>`;
  return html`<div class="table-scroll"><table>
<thead><tr><th scope="col">Chỉ tiêu</th>${parties.map((report) => html`<th scope="col">${names.get(report.organizationId) ?? report.organizationId}</th>`)}<th scope="col">Tổng hợp</th></tr></thead>
<tbody>${indicators.map(
    (indicator) =>
      html`<tr><th scope="row">${indicator.label} (${indicator.unit})</th>${parties.map((report) => html`<td>${displayFigure(indicator, report.figures[indicator.id])}</td>`)}<td><strong>${displayFigure(indicator, review.totals[indicator.id])}</strong></td></tr>`,
  )}</tbody>
</table></div>
<p class="hint">Cột “Tổng hợp” do hệ thống tính từ báo cáo của các bên: cộng các số liệu, riêng tỷ lệ phần trăm lấy bình quân.</p>`;
};

/**
 * What the pages of a review's later steps show: the review, its conference, every party's
 * report with the computed totals, and once recorded the outcome and awards the heads approve.
 */
export const reviewSection = async (deps: Deps, step: Step): Promise<SafeHtml> => {
  const reviewId = reviewIdOfStage(step.stageId);
  const [program, review] = await Promise.all([getProgramRecord(deps.db, step.subjectId), getReview(deps.db, step.subjectId, reviewId)]);
  const names = await partyNames(deps, program);
  if (!review) return html``;
  const conference = review.conference;
  const reports = reportsInPartyOrder(program, review);
  const chair = conference ? await getOfficial(deps.db, conference.chairId) : undefined;
  return html`<section aria-labelledby="review-heading">
<h2 id="review-heading">Hội nghị ${reviewTitle(reviewId, program)}</h2>
${
  conference
    ? html`<dl class="facts">
<dt>Thời gian</dt><dd>${conference.time} ngày ${displayDay(conference.date)}${conference.status === 'cancelled' ? html` <strong class="overdue">(đã hủy)</strong>` : ''}</dd>
<dt>Địa điểm</dt><dd>${conference.place}</dd>
<dt>Chủ trì</dt><dd>${chair ? `${chair.name}, ${chair.title}` : conference.chairId}</dd>
</dl>`
    : ''
}
<h3>Số liệu các bên báo cáo</h3>
${figuresTable(reports, review, names)}
${reports.map((report) => html`<h3>Báo cáo của ${names.get(report.organizationId) ?? report.organizationId}</h3><p>${multiline(report.narrative)}</p>`)}
${
  review.outcome
    ? html`<h3>Kết quả hội nghị</h3><p>${multiline(review.outcome.summary)}</p>
<h3>Khen thưởng</h3>${
        review.outcome.awards.length === 0
          ? html`<p class="hint">Không có đề nghị khen thưởng.</p>`
          : html`<ol>${review.outcome.awards.map((award) => html`<li>${award.recipient} (${awardKinds[award.kind]}) – ${award.awardedBy} tặng giấy khen</li>`)}</ol>`
      }
${review.outcome.nextPeriod ? html`<p><strong>Đề xuất:</strong> xây dựng Chương trình phối hợp giai đoạn ${review.outcome.nextPeriod.startYear}–${review.outcome.nextPeriod.endYear}.</p>` : ''}`
    : ''
}
</section>`;
};

/** What the report form shows above itself: which review, which years, and the party's figures of the previous period. */
export const reportSection = async (deps: Deps, step: Step): Promise<SafeHtml> => {
  const reviewId = reviewIdOfStage(step.stageId);
  const program = await getProgramRecord(deps.db, step.subjectId);
  const facts = reviewFacts(reviewId, program);
  const before = await previousFigures(deps, step.subjectId, reviewId, step.partyOrganizationId);
  return html`<section aria-labelledby="report-heading">
<h2 id="report-heading">Báo cáo ${reviewTitle(reviewId, program)}</h2>
<p>Kỳ báo cáo: ${facts.from === facts.to ? `năm ${facts.from}` : `từ năm ${facts.from} đến năm ${facts.to}`}. Số liệu để trống được hiểu là không có số liệu.</p>
${
  before
    ? html`<h3>Số liệu kỳ trước (${before.label})</h3><ul>${indicators
        .filter((indicator) => before.figures[indicator.id] !== undefined)
        .map((indicator) => html`<li>${indicator.label}: ${displayFigure(indicator, before.figures[indicator.id])}</li>`)}</ul>`
    : ''
}
</section>`;
};

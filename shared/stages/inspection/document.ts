import { vietnamDayAt, vietnamDisplayDate } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOfficial, getOrganization } from '#shared/directory.js';
import { html, multiline, type SafeHtml } from '#shared/html.js';
import type { Step } from '#shared/steps/model.js';
import { type Findings, type Inspection, roleLabels, type Visit } from './model.js';
import { getFindings, getInspection, visitOfUnit } from './records.js';

/** What the pages behind an inspection's links show above their forms. */

const day = (date: string) => vietnamDisplayDate(vietnamDayAt(date, 12));
const dates = (visit: Pick<Visit, 'start' | 'end'>) => (visit.start === visit.end ? day(visit.start) : `${day(visit.start)} – ${day(visit.end)}`);

const visitsTable = async (deps: Deps, inspection: Inspection): Promise<SafeHtml> => {
  const rows = await Promise.all(
    inspection.visits.map(async (visit) => {
      const unit = await getOrganization(deps.db, visit.organizationId);
      const state = visit.status === 'cancelled' ? ' (đã hủy)' : '';
      return html`<tr><td>${unit.name}${state}</td><td>${dates(visit)}</td><td>${visit.place ?? ''}</td></tr>`;
    }),
  );
  return html`<div class="table-scroll"><table><caption>Lịch làm việc của Đoàn</caption>
<thead><tr><th scope="col">Đơn vị được kiểm tra</th><th scope="col">Thời gian</th><th scope="col">Địa điểm</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
};

/** The plan: its schedule and its team, the members of one agency numbered for the confirmation form. */
export const planSection = async (deps: Deps, step: Step): Promise<SafeHtml> => {
  const inspection = await getInspection(deps.db, step.subjectId);
  const agencyId = step.partyOrganizationId;
  // Each agency read once, however many members it sends.
  const agencies = new Map(await Promise.all(inspection.agencies.map(async (a) => [a.organizationId, await getOrganization(deps.db, a.organizationId)] as const)));
  const agency = agencies.get(agencyId) ?? (await getOrganization(deps.db, agencyId));
  const own = inspection.members.filter((member) => member.organizationId === agencyId);
  const others = inspection.members.filter((member) => member.organizationId !== agencyId);
  const line = async (member: (typeof own)[number]) => {
    const official = await getOfficial(deps.db, member.officialId);
    return html`${official.name}, ${official.title} – ${roleLabels[member.role]} (${agencies.get(member.organizationId)?.name ?? member.organizationId})`;
  };
  return html`<h2>Kế hoạch kiểm tra</h2>
${await visitsTable(deps, inspection)}
<h3>Thành viên của ${agency.name}</h3>
<ol>${await Promise.all(own.map(async (member) => html`<li>${await line(member)}</li>`))}</ol>
${others.length > 0 ? html`<h3>Các thành viên khác của Đoàn</h3><ul>${await Promise.all(others.map(async (member) => html`<li>${await line(member)}</li>`))}</ul>` : ''}`;
};

const visitFacts = async (deps: Deps, inspection: Inspection, visit: Visit): Promise<SafeHtml> => {
  const [unit, head] = await Promise.all([getOrganization(deps.db, visit.organizationId), getOfficial(deps.db, visit.headId)]);
  return html`<dl class="facts">
<dt>Đơn vị được kiểm tra</dt><dd>${unit.name}</dd>
<dt>Thời gian</dt><dd>${dates(visit)}</dd>
${visit.place ? html`<dt>Địa điểm</dt><dd>${visit.place}</dd>` : ''}
<dt>Thủ trưởng đơn vị</dt><dd>${head.name}, ${head.title}</dd>
<dt>Kế hoạch</dt><dd>${inspection.title}</dd>
</dl>`;
};

/** The visit the team lead reports on. */
export const visitSection = async (deps: Deps, step: Step): Promise<SafeHtml> => {
  const inspection = await getInspection(deps.db, step.subjectId);
  const visit = visitOfUnit(inspection, step.partyOrganizationId);
  return html`<h2>Buổi làm việc của Đoàn</h2>${await visitFacts(deps, inspection, visit)}`;
};

const recommendationFacts = (findings: Findings, number: number): SafeHtml => {
  const recommendation = findings.recommendations.find((r) => r.number === number);
  if (!recommendation) return html`<p class="notice error">Không tìm thấy kiến nghị số ${number}.</p>`;
  return html`<dl class="facts">
<dt>Kiến nghị số</dt><dd>${number}</dd>
<dt>Nội dung</dt><dd>${multiline(recommendation.text)}</dd>
<dt>Đơn vị chịu trách nhiệm</dt><dd>${recommendation.responsibleUnit}</dd>
<dt>Hạn khắc phục</dt><dd>${day(recommendation.deadline)}</dd>
</dl>`;
};

/** One recommendation (the step's round is its number), with the visit and the findings it came from. */
export const recommendationSection = async (deps: Deps, step: Step): Promise<SafeHtml> => {
  const inspection = await getInspection(deps.db, step.subjectId);
  const visit = visitOfUnit(inspection, step.partyOrganizationId);
  const findings = await getFindings(deps.db, inspection.id, visit.id);
  return html`<h2>Kiến nghị của Đoàn kiểm tra</h2>
${findings ? recommendationFacts(findings, step.round) : ''}
<h3>Buổi làm việc</h3>${await visitFacts(deps, inspection, visit)}
${findings ? html`<h3>Kết quả kiểm tra</h3><p>${multiline(findings.findings)}</p>` : ''}`;
};

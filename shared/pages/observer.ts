import { nowMs, vietnamDisplayDate } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOfficial } from '#shared/directory.js';
import { html, type SafeHtml } from '#shared/html.js';
import { stepKindBrief } from '#shared/steps/kind/registry.js';
import { subjectOf } from '#shared/steps/model.js';
import { listSteps } from '#shared/steps/queries.js';
import type { PageFacts } from './action-page.js';

/**
 * What the second rung of an escalation links to: every step of the subject that is past its due
 * date, who it waits on and since when. Read-only: the link carries no action.
 */
export const lateStepsSection = async (deps: Deps, facts: PageFacts): Promise<SafeHtml> => {
  const late = (await listSteps(deps.db, subjectOf(facts.step))).filter((step) => step.status === 'open' && Date.parse(step.dueAt) < nowMs());
  const rows = [];
  for (const step of late) {
    const assignee = await getOfficial(deps.db, step.assigneeId);
    rows.push(html`<tr><td>${stepKindBrief(step.kind).title}</td><td>${assignee.name}, ${assignee.title}</td><td>${vietnamDisplayDate(Date.parse(step.dueAt))}</td><td>${step.remindersSent}</td></tr>`);
  }
  return html`<h2>Các việc đang chậm xử lý</h2>
${
  rows.length === 0
    ? html`<p class="notice success" role="status">Hiện không còn việc nào quá hạn.</p>`
    : html`<div class="table-scroll"><table><caption class="visually-hidden">Các việc quá hạn</caption>
<thead><tr><th scope="col">Việc</th><th scope="col">Người được đề nghị</th><th scope="col">Hạn</th><th scope="col">Số lần đã nhắc</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}
<p class="hint">Trang này chỉ để theo dõi; đồng chí không cần thao tác.</p>`;
};

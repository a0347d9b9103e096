import { vietnamDisplayDate, vietnamDayAt } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOrganization } from '#shared/directory.js';
import { html, multiline, type SafeHtml } from '#shared/html.js';
import type { Program } from '#shared/programs/model.js';
import { getProgramRecord } from '#shared/store/programs.js';
import type { Step } from '#shared/steps/model.js';
import { returnedComments } from '#shared/steps/returned-comments.js';
import { getPlan, type PlanTask, yearOfPlanStage } from './records.js';

/** The parties' names by organization id, read once per page. */
export const partyNames = async (deps: Deps, program: Program): Promise<Map<string, string>> => {
  const names = new Map<string, string>();
  for (const party of program.parties) names.set(party.organizationId, (await getOrganization(deps.db, party.organizationId)).name);
  return names;
};

export const displayDay = (date: string): string => vietnamDisplayDate(vietnamDayAt(date, 12));

export const tasksTable = (tasks: readonly PlanTask[], names: ReadonlyMap<string, string>): SafeHtml =>
  tasks.length === 0
    ? html`<p class="hint">Kế hoạch chưa có nhiệm vụ nào.</p>`
    : html`<div class="table-scroll"><table>
<thead><tr><th scope="col">TT</th><th scope="col">Nội dung nhiệm vụ</th><th scope="col">Đơn vị chủ trì</th><th scope="col">Thời hạn</th></tr></thead>
<tbody>${tasks.map(
        (task, index) =>
          html`<tr><td>${index + 1}</td><td>${multiline(task.text)}</td><td>${names.get(task.responsibleOrganizationId) ?? task.responsibleOrganizationId}</td><td>${displayDay(task.dueDate)}</td></tr>`,
      )}</tbody>
</table></div>`;

/**
 * What the page behind a plan step shows: the program, the year, the plan as it stands (for a
 * reviewer or a head: what they approve or sign), and for the drafter the program's content
 * items to plan from and the comments that returned the plan.
 */
export const planSection = async (deps: Deps, step: Step, forDrafter: boolean): Promise<SafeHtml> => {
  const year = yearOfPlanStage(step.stageId);
  const [program, plan] = await Promise.all([getProgramRecord(deps.db, step.subjectId), getPlan(deps.db, step.subjectId, year)]);
  const names = await partyNames(deps, program);
  const comments = forDrafter ? await returnedComments(deps, step) : [];
  return html`<section aria-labelledby="plan-heading">
<h2 id="plan-heading">Kế hoạch phối hợp năm ${year}${plan && plan.version > 0 ? ` (bản ${plan.version})` : ''}</h2>
<dl class="facts">
<dt>Thực hiện chương trình</dt><dd>${program.title} (${program.period.startYear}–${program.period.endYear})</dd>
<dt>Các bên</dt><dd>${program.parties.map((p, i) => html`${i > 0 ? '; ' : ''}${names.get(p.organizationId)}`)}</dd>
${plan?.signaturesRequired ? html`<dt>Ký kế hoạch</dt><dd>Sau khi các bên thống nhất, Thủ trưởng các bên ký kế hoạch.</dd>` : ''}
</dl>
${comments.length > 0 ? html`<h3>Ý kiến khi trả lại</h3><ul>${comments.map((c) => html`<li><strong>${c.by}:</strong> ${multiline(c.text)}</li>`)}</ul>` : ''}
${forDrafter ? html`<h3>Nội dung phối hợp của Chương trình</h3><ol class="items">${program.contentItems.map((item) => html`<li>${item.text} <span class="hint">(Chủ trì: ${names.get(item.responsibleOrganizationId) ?? item.responsibleOrganizationId})</span></li>`)}</ol>` : html`<h3>Các nhiệm vụ</h3>${tasksTable(plan?.tasks ?? [], names)}`}
</section>`;
};

import { html, multiline, type SafeHtml } from '#shared/html.js';
import type { ContentItem, Program, ProgramVersion } from './model.js';

/** What changed in each content item since the previous version, for the reader who saw that one. */
export const itemChanges = (current: readonly ContentItem[], previous?: readonly ContentItem[]) =>
  current.map((item, index) => {
    const before = previous?.[index];
    if (!previous) return { item, change: 'none' as const };
    if (!before) return { item, change: 'added' as const };
    return before.text === item.text ? { item, change: 'none' as const } : { item, change: 'changed' as const, before: before.text };
  });

/** The draft as officials read it: period, parties, objectives, content items with changes marked. */
export const programDocument = (
  program: Program,
  organizationNames: ReadonlyMap<string, string>,
  current: ProgramVersion,
  previous?: ProgramVersion,
): SafeHtml => {
  const name = (id: string) => organizationNames.get(id) ?? id;
  const changes = itemChanges(current.contentItems, previous?.contentItems);
  const changed = changes.filter((c) => c.change !== 'none').length;
  return html`<section aria-labelledby="document-heading">
<h2 id="document-heading">Nội dung dự thảo (phiên bản ${current.version})</h2>
${
  previous
    ? html`<p class="notice">So với phiên bản ${previous.version}: ${changed === 0 ? 'không có nội dung nào thay đổi.' : `${changed} nội dung được sửa đổi hoặc bổ sung (đánh dấu bên dưới).`}${current.note ? html` Ghi chú của người soạn thảo: ${current.note}` : ''}</p>`
    : ''
}
<dl class="facts">
<dt>Tên chương trình</dt><dd>${current.title}</dd>
<dt>Giai đoạn</dt><dd>${program.period.startYear}–${program.period.endYear}</dd>
<dt>Chủ trì</dt><dd>${name(program.leadOrganizationId)}</dd>
<dt>Các bên</dt><dd>${program.parties.map((p, i) => html`${i > 0 ? '; ' : ''}${name(p.organizationId)}`)}</dd>
</dl>
${current.objectives ? html`<h2>Mục đích, yêu cầu</h2><p>${multiline(current.objectives)}</p>` : ''}
<h2>Nội dung phối hợp</h2>
<ol class="items">
${changes.map(
  (c) => html`<li>${c.change === 'added' ? html`<span class="change">Mới bổ sung</span> ` : ''}${
    c.change === 'changed' ? html`<span class="change">Đã sửa</span> <del><span class="visually-hidden">Nội dung cũ: </span>${c.before}</del> <ins><span class="visually-hidden">Nội dung mới: </span>${c.item.text}</ins>` : c.item.text
  } <span class="hint">(Chủ trì thực hiện: ${name(c.item.responsibleOrganizationId)})</span></li>`,
)}
</ol>
</section>`;
};

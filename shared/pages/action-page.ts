import { vietnamDisplayDate, vietnamDisplayDateTime } from '../clock.js';
import type { Official } from '../directory.js';
import { askedTo } from '../email/templates.js';
import { html, type SafeHtml } from '../html.js';
import type { StepAction } from '../links/tokens.js';
import type { Decision, Step } from '../steps/model.js';

export const actionLabels: Record<StepAction, { label: string; style: string }> = {
  approve: { label: 'Đồng ý dự thảo', style: 'primary' },
  return: { label: 'Trả lại kèm góp ý', style: 'danger' },
  sign: { label: 'Ký chương trình', style: 'primary' },
  refuse: { label: 'Từ chối ký', style: 'danger' },
  resubmit: { label: 'Gửi lại dự thảo đã chỉnh sửa', style: 'primary' },
};

const outcomeWords: Record<Decision['outcome'], string> = {
  approved: 'đồng ý dự thảo',
  returned: 'trả lại dự thảo kèm góp ý',
  signed: 'ký chương trình',
  refused: 'từ chối ký',
  resubmitted: 'gửi lại dự thảo đã chỉnh sửa',
};

export interface PageFacts {
  readonly step: Step;
  readonly programTitle: string;
  readonly actor: Official;
  readonly assignee: Official;
  readonly onBehalf: boolean;
}

/** The first lines of every page: who is asked, what, for which program, by when, for whom. */
export const whoWhatWhen = (facts: PageFacts): SafeHtml => html`<h1>${askedTo[facts.step.kind].title}</h1>
<dl class="facts">
<dt>Kính gửi</dt><dd>Đồng chí ${facts.actor.name}, ${facts.actor.title}</dd>
${facts.onBehalf ? html`<dt>Xử lý thay</dt><dd>${facts.step.kind === 'sign' ? 'KT.' : 'TUQ.'} đồng chí ${facts.assignee.name}, ${facts.assignee.title}</dd>` : ''}
<dt>Chương trình</dt><dd>${facts.programTitle}</dd>
<dt>Hạn xử lý</dt><dd>${vietnamDisplayDate(Date.parse(facts.step.dueAt))}</dd>
</dl>`;

export interface FormState {
  readonly comment?: string;
  readonly contentItems?: readonly string[];
  readonly errors?: Readonly<Record<string, string>>;
}

const fieldError = (id: string, message: string | undefined) => (message ? html`<p class="field-error" id="${id}-error">${message}</p>` : '');

/** The form: the comment field (and, for a revision, the content items), then one button per action. */
export const decisionForm = (
  facts: PageFacts,
  actions: readonly StepAction[],
  csrf: string,
  state: FormState,
  currentItems: readonly string[],
): SafeHtml => {
  const errors = state.errors ?? {};
  const needsComment = actions.some((a) => a === 'return' || a === 'refuse');
  const commentHint = needsComment
    ? facts.step.kind === 'review'
      ? 'Bắt buộc khi trả lại dự thảo; không bắt buộc khi đồng ý.'
      : 'Bắt buộc khi từ chối ký.'
    : 'Không bắt buộc: ghi chú cho các bên về những điểm đã chỉnh sửa.';
  const describedBy = (id: string) => [`${id}-hint`, errors[id] ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<form method="post" novalidate>
<input type="hidden" name="csrf" value="${csrf}">
${errors.action ? html`<p class="notice error" role="alert">${errors.action}</p>` : ''}
${
  facts.step.kind === 'revise'
    ? html`<h2>Chỉnh sửa nội dung phối hợp</h2>
${errors.contentItems ? html`<p class="field-error" id="contentItems-error" role="alert">${errors.contentItems}</p>` : ''}
${currentItems.map(
  (text, index) => html`<label for="item-${index}">Nội dung ${index + 1}</label>
<textarea id="item-${index}" name="item" ${errors.contentItems ? html`aria-describedby="contentItems-error"` : ''}>${state.contentItems?.[index] ?? text}</textarea>`,
)}`
    : ''
}
<label for="comment">${facts.step.kind === 'revise' ? 'Ghi chú về việc chỉnh sửa' : 'Ý kiến'}</label>
<p class="hint" id="comment-hint">${commentHint}</p>
<textarea id="comment" name="comment" maxlength="4000" aria-describedby="${describedBy('comment')}" ${errors.comment ? html`aria-invalid="true"` : ''}>${state.comment ?? ''}</textarea>
${fieldError('comment', errors.comment)}
<div class="actions">
${actions.map((a) => html`<button type="submit" name="action" value="${a}" class="${actionLabels[a].style}">${actionLabels[a].label}</button>`)}
</div>
<p class="hint">Ý kiến chỉ được ghi nhận khi đồng chí bấm một trong các nút trên.</p>
</form>`;
};

export const decisionSummary = (decision: Decision, deciderName: string, isYou: boolean): SafeHtml =>
  html`<p class="notice success" role="status">${isYou ? 'Đồng chí' : `Đồng chí ${deciderName}`} đã ${outcomeWords[decision.outcome]} lúc ${vietnamDisplayDateTime(Date.parse(decision.at))}${
    decision.capacity ? ` (${decision.capacity})` : ''
  }.</p>
${decision.comment ? html`<p><strong>Ý kiến:</strong> ${decision.comment}</p>` : ''}`;

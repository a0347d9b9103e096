import { nowMs, vietnamDisplayDate, vietnamDisplayDateTime } from '../clock.js';
import type { Official } from '../directory.js';
import { askedTo } from '../email/templates.js';
import { html, type SafeHtml } from '../html.js';
import type { StepAction } from '../links/tokens.js';
import type { Program } from '../programs/model.js';
import type { Decision, Step } from '../steps/model.js';
import { actionButtons, csrfField, errorSummary, type FieldErrors, type FormButton, textareaField } from './fields.js';

export const actionLabels: Record<StepAction, { label: string; style: FormButton['style'] }> = {
  approve: { label: 'Đồng ý dự thảo', style: 'primary' },
  return: { label: 'Trả lại kèm góp ý', style: 'danger' },
  sign: { label: 'Ký chương trình', style: 'primary' },
  refuse: { label: 'Từ chối ký', style: 'danger' },
  resubmit: { label: 'Gửi lại dự thảo đã chỉnh sửa', style: 'primary' },
};

/** Not a decision: keeps what was typed on the step, to finish later from the same link. */
export const SAVE_DRAFT = 'save_draft';

const outcomeWords: Record<Decision['outcome'], string> = {
  approved: 'đồng ý dự thảo',
  returned: 'trả lại dự thảo kèm góp ý',
  signed: 'ký chương trình',
  refused: 'từ chối ký',
  resubmitted: 'gửi lại dự thảo đã chỉnh sửa',
};

export interface PageFacts {
  readonly step: Step;
  readonly program: Program;
  readonly actor: Official;
  readonly assignee: Official;
  readonly onBehalf: boolean;
}

/** "KT." (ký thay) for a signature, "TUQ." (thừa ủy quyền) otherwise: the form Vietnamese documents use. */
const capacityWords = (step: Step) => (step.kind === 'sign' ? 'ký thay (KT.)' : 'thừa ủy quyền (TUQ.)');

/**
 * The first lines of every page: who is asked, what, for which program, by when, for whom.
 * `asking` adds the request as a sentence; pages about a closed step leave it out.
 */
export const whoWhatWhen = (facts: PageFacts, asking = false): SafeHtml => {
  const dueMs = Date.parse(facts.step.dueAt);
  const overdue = nowMs() > dueMs;
  return html`<h1>${askedTo[facts.step.kind].title}</h1>
${asking ? html`<p class="lead">Đề nghị đồng chí ${askedTo[facts.step.kind].sentence} dưới đây trước ngày <strong>${vietnamDisplayDate(dueMs)}</strong>. <a href="#decision">Đi tới phần xử lý</a></p>` : ''}
<dl class="facts">
<dt>Kính gửi</dt><dd>Đồng chí ${facts.actor.name}, ${facts.actor.title}</dd>
${
  facts.onBehalf
    ? html`<dt>Xử lý thay</dt><dd>${facts.step.kind === 'sign' ? 'KT.' : 'TUQ.'} đồng chí ${facts.assignee.name}, ${facts.assignee.title} <span class="hint">(đồng chí ${capacityWords(facts.step)} người được đề nghị)</span></dd>`
    : ''
}
<dt>Chương trình</dt><dd>${facts.program.title} (phiên bản ${facts.step.documentVersion})</dd>
<dt>Hạn xử lý</dt><dd>${vietnamDisplayDate(dueMs)}${overdue ? html` <strong class="overdue">(đã quá hạn)</strong>` : ''}</dd>
</dl>`;
};

export interface FormState {
  readonly comment?: string;
  readonly contentItems?: readonly string[];
  readonly errors?: FieldErrors;
  /** When the values come from a saved draft: when it was saved and by whom (if not the reader). */
  readonly draftSavedAt?: string;
  readonly draftSavedByName?: string;
}

/**
 * The domain reports one `contentItems` error for the whole list; the page puts it beside each
 * empty item, where the official has to type.
 */
const itemErrors = (state: FormState, count: number): Record<string, string> => {
  const errors: Record<string, string> = {};
  for (let index = 0; index < count; index++) {
    const own = state.errors?.[`item-${index}`];
    const empty = !(state.contentItems?.[index] ?? 'x').trim();
    if (own) errors[`item-${index}`] = own;
    else if (state.errors?.contentItems && empty) errors[`item-${index}`] = 'Nội dung này đang để trống; vui lòng nhập nội dung.';
  }
  return errors;
};

const draftNotice = (state: FormState) =>
  state.draftSavedAt
    ? html`<p class="notice" role="status" id="draft-notice">Đã lưu nháp lúc ${vietnamDisplayDateTime(Date.parse(state.draftSavedAt))}${
        state.draftSavedByName ? ` (do đồng chí ${state.draftSavedByName} lưu)` : ''
      }. Bản nháp chưa phải là ý kiến chính thức: đồng chí có thể sửa tiếp rồi bấm nút xác nhận.</p>`
    : '';

/** The form: the content items (for a revision), the comment, then one button per action and "Lưu nháp". */
export const decisionForm = (
  facts: PageFacts,
  actions: readonly StepAction[],
  csrf: string,
  state: FormState,
  currentItems: readonly string[],
): SafeHtml => {
  const revising = facts.step.kind === 'revise';
  const perItem = revising ? itemErrors(state, currentItems.length) : {};
  const { contentItems: _listError, ...ownErrors } = state.errors ?? {};
  const errors: FieldErrors = { ...ownErrors, ...perItem };
  const needsComment = actions.some((a) => a === 'return' || a === 'refuse');
  const commentHint = needsComment
    ? facts.step.kind === 'review'
      ? 'Bắt buộc khi trả lại dự thảo; không bắt buộc khi đồng ý.'
      : 'Bắt buộc khi từ chối ký.'
    : 'Không bắt buộc: ghi chú cho các bên về những điểm đã chỉnh sửa.';
  const commentLabel = revising ? 'Ghi chú về việc chỉnh sửa' : 'Ý kiến của đồng chí';
  const labels: Record<string, string> = { comment: commentLabel };
  currentItems.forEach((_, index) => {
    labels[`item-${index}`] = `Nội dung ${index + 1}`;
  });
  const buttons: FormButton[] = [
    ...actions.map((a) => ({ action: a, ...actionLabels[a] })),
    { action: SAVE_DRAFT, label: 'Lưu nháp', style: 'secondary' },
  ];
  return html`<form method="post" novalidate>
${csrfField(csrf)}
${errorSummary(errors, labels)}
${draftNotice(state)}
${
  revising
    ? html`<h3>Nội dung phối hợp</h3>
<p class="hint">Sửa trực tiếp từng nội dung; nội dung nào không sửa thì giữ nguyên.</p>
${currentItems.map((text, index) =>
  textareaField({
    id: `item-${index}`,
    name: 'item',
    label: `Nội dung ${index + 1}`,
    value: state.contentItems?.[index] ?? text,
    error: errors[`item-${index}`],
    maxLength: 4000,
  }),
)}`
    : ''
}
${textareaField({ id: 'comment', name: 'comment', label: commentLabel, hint: commentHint, value: state.comment, error: errors.comment, maxLength: 4000 })}
${actionButtons(buttons)}
<p class="hint">Ý kiến chỉ được ghi nhận khi đồng chí bấm một trong các nút xác nhận. “Lưu nháp” giữ lại nội dung đã nhập để làm tiếp sau bằng chính đường dẫn này.</p>
</form>`;
};

export const decisionSummary = (decision: Decision, deciderName: string, isYou: boolean): SafeHtml =>
  html`<p class="notice success" role="status">${isYou ? 'Đồng chí' : `Đồng chí ${deciderName}`} đã ${outcomeWords[decision.outcome]} lúc ${vietnamDisplayDateTime(Date.parse(decision.at))}${
    decision.capacity ? ` (${decision.capacity})` : ''
  }.</p>
${decision.comment ? html`<p><strong>Ý kiến:</strong> ${decision.comment}</p>` : ''}`;

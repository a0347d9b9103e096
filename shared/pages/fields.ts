import { html, type SafeHtml } from '#shared/html.js';

/**
 * The building blocks of every form behind an emailed link (the comment now; the plan and report
 * forms of later stages next). Each field owns its label, hint and error, wired together with
 * `aria-describedby`, so a screen reader announces the error with the field and a sighted reader
 * finds it right beside it. The value shown is always what the official typed last.
 */

/** Field errors by field id, as the domain checks return them. */
export type FieldErrors = Readonly<Record<string, string>>;

export interface FieldProps {
  /** The element id; also the key of its error in `FieldErrors`. */
  readonly id: string;
  /** The form field name (several fields may share one, e.g. the repeated `item`). */
  readonly name: string;
  readonly label: string;
  readonly value?: string;
  readonly hint?: string;
  readonly error?: string;
  readonly maxLength?: number;
  /** Marks the field as always required (a field required only for some buttons says so in its hint). */
  readonly required?: boolean;
}

const describedBy = (props: FieldProps): string =>
  [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ');

const fieldAttributes = (props: FieldProps): SafeHtml => {
  const ids = describedBy(props);
  return html`id="${props.id}" name="${props.name}"${ids ? html` aria-describedby="${ids}"` : ''}${
    props.error ? html` aria-invalid="true"` : ''
  }${props.required ? html` required aria-required="true"` : ''}${props.maxLength ? html` maxlength="${props.maxLength}"` : ''}`;
};

const hintOf = (props: FieldProps) => (props.hint ? html`<p class="hint" id="${props.id}-hint">${props.hint}</p>` : '');

/** The error beside its field; empty when the field is fine. */
export const fieldError = (id: string, message: string | undefined): SafeHtml | '' =>
  message ? html`<p class="field-error" id="${id}-error"><span aria-hidden="true">⚠ </span>${message}</p>` : '';

/** A multi-line text field: label, hint, the field with what was typed, then its error. */
export const textareaField = (props: FieldProps): SafeHtml => html`<div class="field${props.error ? ' invalid' : ''}">
<label for="${props.id}">${props.label}</label>
${hintOf(props)}
<textarea ${fieldAttributes(props)}>${props.value ?? ''}</textarea>
${fieldError(props.id, props.error)}
</div>`;

/** A one-line field (text, number, date), for the figures and dates of plan and report forms. */
export const inputField = (props: FieldProps & { readonly type?: 'text' | 'number' | 'date'; readonly inputMode?: string }): SafeHtml =>
  html`<div class="field${props.error ? ' invalid' : ''}">
<label for="${props.id}">${props.label}</label>
${hintOf(props)}
<input type="${props.type ?? 'text'}"${props.inputMode ? html` inputmode="${props.inputMode}"` : ''} ${fieldAttributes(props)} value="${props.value ?? ''}">
${fieldError(props.id, props.error)}
</div>`;

/** A choice among fixed values (a party, a kind of award): the first option says nothing is chosen yet. */
export const selectField = (props: FieldProps & { readonly options: readonly { value: string; label: string }[] }): SafeHtml =>
  html`<div class="field${props.error ? ' invalid' : ''}">
<label for="${props.id}">${props.label}</label>
${hintOf(props)}
<select ${fieldAttributes(props)}>
<option value="">— Chọn —</option>
${props.options.map((option) => html`<option value="${option.value}"${option.value === props.value ? html` selected` : ''}>${option.label}</option>`)}
</select>
${fieldError(props.id, props.error)}
</div>`;

/**
 * At the top of a form that failed: what went wrong, each line a link to its field, so nobody has
 * to hunt down a long page on a phone. `labels` names the fields; unknown keys are listed as-is.
 */
export const errorSummary = (errors: FieldErrors, labels: Readonly<Record<string, string>>): SafeHtml | '' => {
  const entries = Object.entries(errors);
  if (entries.length === 0) return '';
  return html`<div class="notice error" role="alert" id="error-summary">
<p><strong>Chưa ghi nhận: vui lòng xem lại ${entries.length === 1 ? 'mục' : `${entries.length} mục`} dưới đây.</strong></p>
<ul>${entries.map(([id, message]) => (labels[id] ? html`<li><a href="#${id}">${labels[id]}</a>: ${message}</li>` : html`<li>${message}</li>`))}</ul>
</div>`;
};

export interface FormButton {
  readonly action: string;
  readonly label: string;
  readonly style: 'primary' | 'secondary' | 'danger';
}

/** The buttons: each posts its `action`; nothing is recorded until one is pressed. */
export const actionButtons = (buttons: readonly FormButton[]): SafeHtml => html`<div class="actions">
${buttons.map((b) => html`<button type="submit" name="action" value="${b.action}" class="${b.style}">${b.label}</button>`)}
</div>`;

/** The page's CSRF field (see `csrfFor`): every form posts it. */
export const csrfField = (csrf: string): SafeHtml => html`<input type="hidden" name="csrf" value="${csrf}">`;

import { describe, expect, it } from 'vitest';
import { actionButtons, errorSummary, inputField, textareaField } from '#shared/pages/fields.js';

describe('Function: textareaField', () => {
  it('keeps what was typed, escaped, and ties the hint and the error to the field', () => {
    // Act
    const field = textareaField({
      id: 'comment',
      name: 'comment',
      label: 'Ý kiến',
      hint: 'Bắt buộc khi trả lại.',
      value: 'Đề nghị sửa <mục 2> & "mục 3"',
      error: 'Vui lòng nêu ý kiến.',
      maxLength: 4000,
    }).value;

    // Assess
    expect(field).toContain('<label for="comment">Ý kiến</label>');
    expect(field).toContain('aria-describedby="comment-hint comment-error" aria-invalid="true" maxlength="4000"');
    expect(field).toContain('>Đề nghị sửa &lt;mục 2&gt; &amp; &quot;mục 3&quot;</textarea>');
    expect(field).toContain('<p class="field-error" id="comment-error">');
    expect(field.indexOf('comment-error')).toBeGreaterThan(field.indexOf('<textarea'));
  });

  it('has no error, no aria-invalid and no describedby when there is nothing to describe', () => {
    const field = textareaField({ id: 'item-0', name: 'item', label: 'Nội dung 1' }).value;
    expect(field).not.toMatch(/aria-invalid|aria-describedby|field-error/);
  });
});

describe('Function: inputField', () => {
  it('renders a figure field with its value and input mode', () => {
    const field = inputField({ id: 'sessions', name: 'sessions', label: 'Số buổi tuyên truyền', type: 'number', inputMode: 'numeric', value: '1588', required: true }).value;
    expect(field).toContain('<input type="number" inputmode="numeric" id="sessions" name="sessions" required aria-required="true" value="1588">');
  });
});

describe('Function: errorSummary', () => {
  it('links each error to its field and lists unknown keys as plain text', () => {
    const summary = errorSummary({ comment: 'Thiếu ý kiến.', action: 'Chọn một thao tác.' }, { comment: 'Ý kiến' }).toString();
    expect(summary).toContain('vui lòng xem lại 2 mục dưới đây');
    expect(summary).toContain('<li><a href="#comment">Ý kiến</a>: Thiếu ý kiến.</li>');
    expect(summary).toContain('<li>Chọn một thao tác.</li>');
    expect(errorSummary({}, {})).toBe('');
  });
});

describe('Function: actionButtons', () => {
  it('posts each action under the name "action"', () => {
    const buttons = actionButtons([{ action: 'save_draft', label: 'Lưu nháp', style: 'secondary' }]).value;
    expect(buttons).toContain('<button type="submit" name="action" value="save_draft" class="secondary">Lưu nháp</button>');
  });
});

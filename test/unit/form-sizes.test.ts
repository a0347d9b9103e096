import { describe, expect, it } from 'vitest';
import { LIMITS } from '#shared/limits.js';
import { checkForm } from '#shared/steps/form-check.js';
import { revise } from '#shared/stages/cosign/kinds/revise.js';

/** Step Functions takes a task's result, and holds a state, of at most 256 KB: the decision travels to the waiting execution as one. */
const STEP_FUNCTIONS_PAYLOAD_BYTES = 256 * 1024;

const resubmit = (items: string[]) => checkForm(revise, ['resubmit'], { action: 'resubmit', comment: 'Đã tiếp thu.', values: { contentItems: items } });
const decisionBytes = (checked: ReturnType<typeof resubmit>) =>
  checked.ok ? Buffer.byteLength(JSON.stringify({ outcome: checked.action.outcome, action: checked.actionName, comment: checked.comment, fields: checked.fields })) : 0;

describe('Function: checkForm, the size of what a form sends', () => {
  it('caps a decision below what Step Functions accepts, with room for the rest of the state', () => {
    expect(LIMITS.formBytes).toBeLessThanOrEqual(STEP_FUNCTIONS_PAYLOAD_BYTES - 50_000);
  });

  it('refuses a revision of 260 KB (each item within its 4,000 characters), which Step Functions would refuse', () => {
    // Act
    const checked = resubmit(Array.from({ length: 65 }, () => 'a'.repeat(4000)));
    // Assess
    expect(checked).toEqual({ ok: false, errors: { form: 'Nội dung quá dài để lưu; vui lòng rút gọn.' } });
  });

  it('counts what JSON adds: quotes and line breaks escaped take two bytes each', () => {
    // Act: 160,000 characters of text, 320,000 bytes once in the decision's JSON
    const checked = resubmit(Array.from({ length: 40 }, () => '"\n'.repeat(2000)));
    // Assess
    expect(checked.ok).toBe(false);
  });

  it('takes a revision whose decision fits, and what it sends stays under the cap', () => {
    // Act
    const checked = resubmit(Array.from({ length: 35 }, () => 'Phối hợp tuyên truyền. '.repeat(170)));
    // Assess
    expect(checked.ok).toBe(true);
    expect(decisionBytes(checked)).toBeGreaterThan(150_000);
    expect(decisionBytes(checked)).toBeLessThanOrEqual(LIMITS.formBytes);
  });
});

import { html } from '#shared/html.js';
import type { HttpResult } from '#shared/http.js';
import type { SubmittedForm } from '#shared/steps/form-check.js';
import { page } from './layout.js';

const RESERVED = new Set(['action', 'comment', 'csrf']);

/**
 * Reads an `application/x-www-form-urlencoded` body: the button, the comment, the CSRF field, and
 * every other field as the kind's values (a repeated name, like a list's entries, as a list).
 */
export const readDecisionForm = (body: string): SubmittedForm & { csrf?: string } => {
  const params = new URLSearchParams(body);
  const values: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    if (RESERVED.has(name)) continue;
    const all = params.getAll(name);
    values[name] = all.length === 1 ? all[0]! : all;
  }
  return {
    action: params.get('action') ?? undefined,
    comment: params.get('comment') ?? undefined,
    csrf: params.get('csrf') ?? undefined,
    values,
  };
};

export const errorPage = (): HttpResult =>
  page(
    500,
    'Hệ thống đang gặp sự cố',
    html`<h1>Hệ thống đang gặp sự cố</h1><p class="notice error">Chưa ghi nhận được thao tác của đồng chí. Vui lòng thử lại sau ít phút; nếu vẫn không được, xin liên hệ đầu mối của Ban Dân vận.</p>`,
  );

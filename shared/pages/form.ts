import { html } from '../html.js';
import type { HttpResult } from '../http.js';
import type { DecisionForm } from '../steps/decide.js';
import { page } from './layout.js';

/** Reads an `application/x-www-form-urlencoded` body; repeated `item` fields are the revised content items. */
export const readDecisionForm = (body: string): DecisionForm & { csrf?: string } => {
  const params = new URLSearchParams(body);
  const items = params.getAll('item');
  return {
    action: params.get('action') ?? undefined,
    comment: params.get('comment') ?? undefined,
    csrf: params.get('csrf') ?? undefined,
    contentItems: items.length > 0 ? items : undefined,
  };
};

export const errorPage = (): HttpResult =>
  page(
    500,
    'Hệ thống đang gặp sự cố',
    html`<h1>Hệ thống đang gặp sự cố</h1><p class="notice error">Chưa ghi nhận được thao tác của đồng chí. Vui lòng thử lại sau ít phút; nếu vẫn không được, xin liên hệ đầu mối của Ban Dân vận.</p>`,
  );

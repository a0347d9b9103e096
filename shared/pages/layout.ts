import { createHash } from 'node:crypto';
import type { HttpResult } from '#shared/http.js';
import { html, SafeHtml } from '#shared/html.js';

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 17px; line-height: 1.55; color: #1a1a1a; background: #f4f5f7; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem; background: #ffffff; min-height: 100vh; }
header.banner { background: #8b0000; color: #ffffff; padding: 0.75rem 1rem; font-weight: 600; }
h1 { font-size: 1.4rem; margin: 0.5rem 0 0.75rem; line-height: 1.3; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.5rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 0.75rem; margin: 0 0 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.notice { border-left: 4px solid #0b4f8a; background: #eef4fa; padding: 0.75rem 1rem; margin: 1rem 0; }
.notice.success { border-color: #1e6b34; background: #edf7ef; }
.notice.warning { border-color: #8a5a00; background: #fff6e0; }
.notice.error { border-color: #b00020; background: #fdecee; }
ol.items li { margin-bottom: 0.75rem; }
.change { font-size: 0.85rem; font-weight: 600; color: #6b3e00; background: #fff1cc; padding: 0 0.35rem; border-radius: 3px; }
del { color: #6d0f0f; }
ins { text-decoration: none; background: #e3f4e6; }
p.lead { font-size: 1.05rem; margin: 0 0 0.75rem; }
.overdue { color: #b00020; }
.field { margin: 1rem 0; }
.field.invalid { border-left: 4px solid #b00020; padding-left: 0.75rem; }
label { display: block; font-weight: 600; margin: 0 0 0.35rem; }
textarea, input, select { width: 100%; font: inherit; padding: 0.5rem; border: 2px solid #555555; border-radius: 4px; background: #ffffff; color: #1a1a1a; }
textarea { min-height: 7rem; }
fieldset.group { border: 0; padding: 0; margin: 1rem 0; }
fieldset.group > legend { font-weight: 600; font-size: 1.05rem; }
fieldset.entry { border: 1px solid #cccccc; border-radius: 4px; padding: 0 0.75rem; margin: 0.75rem 0; }
fieldset.entry > legend { font-weight: 600; padding: 0 0.25rem; }
[aria-invalid="true"] { border-color: #b00020; }
.field-error { color: #b00020; font-weight: 600; margin: 0.25rem 0 0; }
#error-summary ul { margin: 0.25rem 0 0; padding-left: 1.25rem; }
#error-summary a { color: #8b0000; font-weight: 600; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #cccccc; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
.hint { color: #444444; font-size: 0.95rem; margin: 0.25rem 0 0; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1.25rem 0; }
button { font: inherit; font-weight: 600; min-height: 48px; padding: 0.6rem 1.2rem; border-radius: 4px; border: 2px solid #0b4f8a; cursor: pointer; }
button.primary { background: #0b4f8a; color: #ffffff; }
button.secondary { background: #ffffff; color: #0b4f8a; }
button.danger { background: #ffffff; color: #8b0000; border-color: #8b0000; }
a { color: #0b4f8a; }
/* A thick dark-and-yellow ring that shows on white, blue and red alike. */
a:focus, button:focus, textarea:focus, input:focus, select:focus { outline: 3px solid #1a1a1a; outline-offset: 2px; box-shadow: 0 0 0 6px #ffbf47; }
footer { margin-top: 2rem; font-size: 0.9rem; color: #444444; }
`;

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/** Headers on every page: no inline script, no framing, no referrer (the link is a credential), no caching. */
export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; style-src ${STYLE_HASH}; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store, max-age=0',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export const page = (statusCode: number, title: string, content: SafeHtml): HttpResult => ({
  statusCode,
  headers: PAGE_HEADERS,
  body: html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<header class="banner">Chương trình phối hợp công tác dân vận</header>
<main>
${content}
<footer>Trang này dành riêng cho người nhận thư. Xin không chuyển tiếp đường dẫn.</footer>
</main>
</body>
</html>`.value,
});

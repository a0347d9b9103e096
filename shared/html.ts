/** HTML that has already been escaped; anything else interpolated into `html` is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);

type Interpolation = SafeHtml | string | number | undefined | null | false | readonly Interpolation[];

const render = (value: Interpolation): string => {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
};

/** Tagged template with automatic escaping: the only way user text reaches an email or a page. */
export const html = (strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml =>
  new SafeHtml(strings.reduce((out, part, index) => out + part + (index < values.length ? render(values[index]!) : ''), ''));

/** Multi-line user text as paragraphs-with-breaks, escaped. */
export const multiline = (text: string): SafeHtml => new SafeHtml(escapeHtml(text).replace(/\r?\n/g, '<br>'));

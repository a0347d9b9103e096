/**
 * The figures a party reports at a review, defined once: the report form, its checks, the
 * consolidated totals and the CSV all read this list. Taken from what the reports in
 * `../shared/seeds` count (212 "Dân vận khéo" models, 1,588 sessions with 239,841 participants,
 * 46 complicated cases resolved without "hot spots", administrative time cut by 15–60 %).
 */
export interface Indicator {
  /** The form field and the CSV column value; never renamed (stored reports use it). */
  readonly id: string;
  readonly label: string;
  /** What one counts, for the CSV and the page ("mô hình", "%"). */
  readonly unit: string;
  /** `count`: a whole number ≥ 0, summed across parties; `percent`: 0–100, averaged across parties that report it. */
  readonly kind: 'count' | 'percent';
}

export const indicators: readonly Indicator[] = [
  { id: 'models', label: 'Mô hình, điển hình “Dân vận khéo” xây dựng', unit: 'mô hình', kind: 'count' },
  { id: 'sessions', label: 'Buổi tuyên truyền, vận động Nhân dân', unit: 'buổi', kind: 'count' },
  { id: 'participants', label: 'Lượt người tham dự tuyên truyền', unit: 'lượt người', kind: 'count' },
  { id: 'leaflets', label: 'Tờ rơi, tài liệu tuyên truyền phát hành', unit: 'tờ', kind: 'count' },
  { id: 'jointPatrols', label: 'Cuộc tuần tra, kiểm soát phối hợp', unit: 'cuộc', kind: 'count' },
  { id: 'casesResolved', label: 'Vụ việc phức tạp được giải quyết, không để xảy ra “điểm nóng”', unit: 'vụ việc', kind: 'count' },
  { id: 'reconciliations', label: 'Vụ việc hòa giải thành ở cơ sở', unit: 'vụ việc', kind: 'count' },
  { id: 'adminTimeSaved', label: 'Thời gian giải quyết thủ tục hành chính được rút ngắn', unit: '%', kind: 'percent' },
];

export const indicatorIds = indicators.map((indicator) => indicator.id);

export type Figures = Readonly<Record<string, number>>;

/**
 * Reads what an official typed into a figure's field: empty is "not reported"; a whole number may
 * group its thousands the Vietnamese way ("239.841") or with commas or spaces; a percentage may
 * have a decimal comma ("15,5"). Returns the number, `undefined` when empty, or the error to show.
 */
export const readFigure = (indicator: Indicator, typed: unknown): { value?: number; error?: string } => {
  const text = typeof typed === 'number' ? String(typed) : typeof typed === 'string' ? typed.trim() : '';
  if (text === '') return {};
  if (/^-/.test(text)) return { error: 'Số liệu không được âm.' };
  if (indicator.kind === 'count') {
    const grouped = /^\d{1,3}([., ]\d{3})+$/.test(text);
    if (!grouped && !/^\d+$/.test(text)) return { error: 'Vui lòng nhập một số nguyên không âm (ví dụ 212 hoặc 239.841).' };
    const value = Number(text.replace(/[., ]/g, ''));
    if (!Number.isSafeInteger(value)) return { error: 'Số liệu quá lớn.' };
    return { value };
  }
  if (!/^\d+([.,]\d+)?$/.test(text)) return { error: 'Vui lòng nhập tỷ lệ phần trăm từ 0 đến 100 (ví dụ 15 hoặc 15,5).' };
  const value = Number(text.replace(',', '.'));
  if (value > 100) return { error: 'Tỷ lệ phần trăm phải từ 0 đến 100.' };
  return { value: Math.round(value * 10) / 10 };
};

/** Totals across parties: counts summed, percentages averaged over the parties that gave one (one decimal). */
export const totalsOf = (reports: readonly Figures[]): Record<string, number> => {
  const totals: Record<string, number> = {};
  for (const indicator of indicators) {
    const values = reports.map((figures) => figures[indicator.id]).filter((value): value is number => value !== undefined);
    if (values.length === 0) continue;
    const sum = values.reduce((a, b) => a + b, 0);
    totals[indicator.id] = indicator.kind === 'count' ? sum : Math.round((sum / values.length) * 10) / 10;
  }
  return totals;
};

/** How a figure is written in Vietnamese text: "239.841", "15,5 %". */
export const displayFigure = (indicator: Indicator, value: number | undefined): string => {
  if (value === undefined) return '—';
  const number = value.toLocaleString('vi-VN', { maximumFractionDigits: 1 });
  return indicator.kind === 'percent' ? `${number} %` : number;
};

import { describe, expect, it } from 'vitest';
import { officialInput, organizationInput } from '#shared/directory.js';
import { ValidationError } from '#shared/errors.js';
import { inspectionInput } from '#shared/stages/inspection/model.js';
import { rescheduleInput } from '#shared/stages/inspection/schedule.js';
import { programInput } from '#shared/programs/model.js';
import { WorkingCalendar } from '#shared/calendar/working-days.js';
import { checkForm } from '#shared/steps/form-check.js';
import { stepKind } from '#shared/steps/kind/index.js';
import { parseInput } from '#shared/validation.js';

const ONE_LINE = 'must be a single line, without line breaks, tabs or other control characters';
const ONE_LINE_VI = 'Vui lòng nhập trên một dòng, không có ký tự xuống dòng hay ký tự điều khiển.';
const BREAKS = ['Công an huyện\nB', 'Công an huyện\rB', 'Công an\r\nhuyện B', 'Công an\thuyện B', 'Công an\u0000huyện', 'Công an\u2028huyện B', 'Công an\u0085huyện B'];

const issuesOf = (schema: Parameters<typeof parseInput>[0], body: unknown) => {
  try {
    parseInput(schema, body, 'input');
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  return [];
};

const organization = { name: 'Công an huyện Phong Điền', kind: 'cong_an', level: 'huyen', locality: 'Phong Điền' };
const official = { name: 'Lê Văn Tâm', title: 'Trưởng Công an huyện', email: 'tam@example.vn', organizationId: 'ca-pd' };
const program = {
  title: 'Chương trình phối hợp giai đoạn 2022–2026',
  leadOrganizationId: 'bdv',
  period: { startYear: 2022, endYear: 2026 },
  parties: ['bdv', 'ca'].map((id) => ({ organizationId: id, focalPointId: `${id}-focal`, reviewerId: `${id}-focal`, signatoryId: `${id}-head` })),
  contentItems: [{ text: 'Phối hợp tuyên truyền.\nVận động Nhân dân.', responsibleOrganizationId: 'bdv' }],
  objectives: 'Nâng cao hiệu quả.\r\nGiữ vững an ninh.',
};
const inspection = {
  title: 'Kiểm tra việc thực hiện Chương trình phối hợp',
  leadOrganizationId: 'bdv-tw',
  agencies: [{ organizationId: 'bdv-tw', focalPointId: 'tw-focal' }],
  members: [{ officialId: 'lead', organizationId: 'bdv-tw', role: 'truong_doan' }],
  visits: [{ organizationId: 'bdv-dn', start: '2099-03-16', end: '2099-03-16', place: 'Gia Nghĩa', headId: 'dn-head', focalPointId: 'dn-focal' }],
};

describe('Names and titles at the JSON API', () => {
  it.each(BREAKS)('refuses %j in every name and title, naming the field', (text) => {
    expect(issuesOf(organizationInput, { ...organization, name: text })).toEqual([{ path: 'name', message: ONE_LINE }]);
    expect(issuesOf(organizationInput, { ...organization, locality: text })).toEqual([{ path: 'locality', message: ONE_LINE }]);
    expect(issuesOf(officialInput, { ...official, name: text })).toEqual([{ path: 'name', message: ONE_LINE }]);
    expect(issuesOf(officialInput, { ...official, title: text })).toEqual([{ path: 'title', message: ONE_LINE }]);
    expect(issuesOf(programInput, { ...program, title: text })).toEqual([{ path: 'title', message: ONE_LINE }]);
    expect(issuesOf(inspectionInput, { ...inspection, title: text })).toContainEqual({ path: 'title', message: ONE_LINE });
    expect(issuesOf(inspectionInput, { ...inspection, visits: [{ ...inspection.visits[0], place: text }] })).toContainEqual({ path: 'visits.0.place', message: ONE_LINE });
    expect(issuesOf(rescheduleInput, { start: '2027-03-16', end: '2027-03-16', place: text })).toEqual([{ path: 'place', message: ONE_LINE }]);
  });

  it('keeps line breaks where a text has paragraphs (content items, objectives), and trims a name’s ends', () => {
    expect(issuesOf(programInput, program)).toEqual([]);
    expect(parseInput(organizationInput, { ...organization, name: ' Công an huyện Phong Điền\n' }, 'organization').name).toBe('Công an huyện Phong Điền');
  });
});

describe('Names and titles on the action pages', () => {
  it.each(BREAKS.filter((text) => !text.includes('\t')).concat('Hội trường\tTỉnh ủy'))('refuses %j beside the field, in Vietnamese', (text) => {
    const errorsOf = (kind: string, action: string, values: Record<string, string | string[]>) => {
      const checked = checkForm(stepKind(kind), [action], { action, values });
      return checked.ok ? {} : checked.errors;
    };
    expect(errorsOf('set_conference', 'set', { date: '2099-03-16', time: '08:00', place: text, chairId: 'bdv-head' })).toEqual({ place: ONE_LINE_VI });
    expect(errorsOf('prepare_program', 'submit', { title: text, contentItems: ['Phối hợp tuyên truyền.'] })).toEqual({ title: ONE_LINE_VI });
    expect(
      errorsOf('submit_findings', 'submit', {
        findings: 'Đã triển khai.\nCòn hạn chế.',
        'recommendations.text': ['Xây dựng quy chế.'],
        'recommendations.responsibleUnit': [text],
        'recommendations.deadline': [new WorkingCalendar().addWorkingDays(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), 0)],
      }),
    ).toEqual({ 'recommendations-0-responsibleUnit': ONE_LINE_VI });
    expect(
      errorsOf('record_outcome', 'record', {
        summary: 'Hoàn thành.',
        'awards.recipient': [text, 'Phòng Tham mưu'],
        'awards.kind': ['individual', 'collective'],
        'awards.awardedBy': ['Ban Dân vận Tỉnh ủy', text],
      }),
    ).toEqual({ 'awards-0-recipient': ONE_LINE_VI, 'awards-1-awardedBy': ONE_LINE_VI });
  });
});

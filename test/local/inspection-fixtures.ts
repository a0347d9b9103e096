import type { TestSystem } from './helpers.js';

/**
 * The central interagency team of shared/seeds/004 (Ban Dân vận Trung ương, Bộ Công an, Tổng cục
 * Chính trị QĐND) and the provincial units it inspects. Names of the two leaders are those in the
 * report; everyone else is invented, on example domains.
 */
export const inspectionDirectory = {
  organizations: [
    { id: 'bdv-tw', name: 'Ban Dân vận Trung ương', kind: 'dan_van', level: 'trung_uong', email: 'vanphong@bdvtw.example.vn' },
    { id: 'bca', name: 'Bộ Công an', kind: 'cong_an', level: 'trung_uong' },
    { id: 'tcct', name: 'Tổng cục Chính trị Quân đội nhân dân Việt Nam', kind: 'chinh_tri_qd', level: 'trung_uong' },
    { id: 'bdv-dn', name: 'Ban Dân vận Tỉnh ủy Đắk Nông', kind: 'dan_van', level: 'tinh', locality: 'Đắk Nông', parentId: 'bdv-tw' },
    { id: 'bdv-tth', name: 'Ban Dân vận Tỉnh ủy Thừa Thiên Huế', kind: 'dan_van', level: 'tinh', locality: 'Thừa Thiên Huế', parentId: 'bdv-tw' },
    { id: 'ca-dn', name: 'Công an tỉnh Đắk Nông', kind: 'cong_an', level: 'tinh', locality: 'Đắk Nông' },
    { id: 'bdv-qt', name: 'Ban Dân vận Tỉnh ủy Quảng Trị', kind: 'dan_van', level: 'tinh', locality: 'Quảng Trị', parentId: 'bdv-tw' },
    { id: 'bdv-lc', name: 'Ban Dân vận Tỉnh ủy Lào Cai', kind: 'dan_van', level: 'tinh', locality: 'Lào Cai', parentId: 'bdv-tw' },
    { id: 'bdv-ag', name: 'Ban Dân vận Tỉnh ủy An Giang', kind: 'dan_van', level: 'tinh', locality: 'An Giang', parentId: 'bdv-tw' },
    { id: 'bdv-kt', name: 'Ban Dân vận Tỉnh ủy Kon Tum', kind: 'dan_van', level: 'tinh', locality: 'Kon Tum', parentId: 'bdv-tw' },
  ],
  officials: [
    { id: 'pham-tat-thang', name: 'Phạm Tất Thắng', title: 'Phó Trưởng ban Thường trực Ban Dân vận Trung ương', email: 'thang@bdvtw.example.vn', organizationId: 'bdv-tw' },
    { id: 'tw-focal', name: 'Nguyễn Thị Lan', title: 'Vụ trưởng Vụ Địa phương, Ban Dân vận Trung ương', email: 'lan@bdvtw.example.vn', organizationId: 'bdv-tw' },
    { id: 'tw-secretary', name: 'Trần Văn Minh', title: 'Chuyên viên Ban Dân vận Trung ương', email: 'minh@bdvtw.example.vn', organizationId: 'bdv-tw' },
    { id: 'bca-focal', name: 'Đại tá Lê Quang Huy', title: 'Cục trưởng Cục Công tác đảng và công tác chính trị, Bộ Công an', email: 'huy@bca.example.vn', organizationId: 'bca' },
    { id: 'bca-member', name: 'Thượng tá Đỗ Văn Nam', title: 'Trưởng phòng Dân vận, Bộ Công an', email: 'nam@bca.example.vn', organizationId: 'bca' },
    { id: 'bca-substitute', name: 'Trung tá Vũ Thị Hoa', title: 'Phó Trưởng phòng Dân vận, Bộ Công an', email: 'hoa@bca.example.vn', organizationId: 'bca' },
    { id: 'nguyen-van-gau', name: 'Thiếu tướng Nguyễn Văn Gấu', title: 'Phó Chủ nhiệm Tổng cục Chính trị Quân đội nhân dân Việt Nam', email: 'gau@tcct.example.vn', organizationId: 'tcct' },
    { id: 'tcct-focal', name: 'Đại tá Hoàng Minh Tuấn', title: 'Cục trưởng Cục Dân vận, Tổng cục Chính trị', email: 'tuan@tcct.example.vn', organizationId: 'tcct' },
    { id: 'dn-superior', name: 'Ngô Thanh Danh', title: 'Bí thư Tỉnh ủy Đắk Nông', email: 'danh@daknong.example.vn', organizationId: 'bdv-dn' },
    { id: 'dn-deputy', name: 'Phan Thị Thu', title: 'Phó Trưởng Ban Dân vận Tỉnh ủy Đắk Nông', email: 'thu@daknong.example.vn', organizationId: 'bdv-dn' },
    { id: 'dn-head', name: 'Lê Văn Tâm', title: 'Trưởng Ban Dân vận Tỉnh ủy Đắk Nông', email: 'tam@daknong.example.vn', organizationId: 'bdv-dn', deputyId: 'dn-deputy', superiorId: 'dn-superior' },
    { id: 'dn-focal', name: 'Y Bhông', title: 'Chuyên viên Ban Dân vận Tỉnh ủy Đắk Nông', email: 'bhong@daknong.example.vn', organizationId: 'bdv-dn', deputyId: 'dn-deputy', superiorId: 'dn-head' },
    { id: 'tth-head', name: 'Nguyễn Chí Tài', title: 'Trưởng Ban Dân vận Tỉnh ủy Thừa Thiên Huế', email: 'tai@hue.example.vn', organizationId: 'bdv-tth' },
    { id: 'tth-focal', name: 'Lê Văn Hùng', title: 'Trưởng phòng, Ban Dân vận Tỉnh ủy Thừa Thiên Huế', email: 'hung@hue.example.vn', organizationId: 'bdv-tth' },
    { id: 'ca-dn-head', name: 'Đại tá Hồ Văn Em', title: 'Giám đốc Công an tỉnh Đắk Nông', email: 'em@congan-dn.example.vn', organizationId: 'ca-dn' },
    { id: 'qt-head', name: 'Hồ Đức Phước', title: 'Trưởng Ban Dân vận Tỉnh ủy Quảng Trị', email: 'phuoc@quangtri.example.vn', organizationId: 'bdv-qt' },
    { id: 'lc-head', name: 'Giàng Seo Phử', title: 'Trưởng Ban Dân vận Tỉnh ủy Lào Cai', email: 'phu@laocai.example.vn', organizationId: 'bdv-lc' },
    { id: 'ag-head', name: 'Trần Thị Kim Chi', title: 'Trưởng Ban Dân vận Tỉnh ủy An Giang', email: 'chi@angiang.example.vn', organizationId: 'bdv-ag' },
    { id: 'kt-head', name: 'A Pớt', title: 'Trưởng Ban Dân vận Tỉnh ủy Kon Tum', email: 'pot@kontum.example.vn', organizationId: 'bdv-kt' },
  ],
};

/** The three agencies and their focal points. */
export const agencies = [
  { organizationId: 'bdv-tw', focalPointId: 'tw-focal' },
  { organizationId: 'bca', focalPointId: 'bca-focal' },
  { organizationId: 'tcct', focalPointId: 'tcct-focal' },
];

export const team = [
  { officialId: 'pham-tat-thang', organizationId: 'bdv-tw', role: 'truong_doan' },
  { officialId: 'nguyen-van-gau', organizationId: 'tcct', role: 'pho_doan' },
  { officialId: 'bca-member', organizationId: 'bca', role: 'thanh_vien' },
  { officialId: 'tw-secretary', organizationId: 'bdv-tw', role: 'thu_ky' },
];

/** Each inspected unit's head and focal point (one person in the smaller units). */
const unitPeople = {
  'bdv-dn': ['dn-head', 'dn-focal'],
  'bdv-tth': ['tth-head', 'tth-focal'],
  'ca-dn': ['ca-dn-head', 'ca-dn-head'],
  'bdv-qt': ['qt-head', 'qt-head'],
  'bdv-lc': ['lc-head', 'lc-head'],
  'bdv-ag': ['ag-head', 'ag-head'],
  'bdv-kt': ['kt-head', 'kt-head'],
} as const;

export const unitVisit = (organizationId: keyof typeof unitPeople, start: string, end: string, place?: string) => {
  const [headId, focalPointId] = unitPeople[organizationId];
  return { organizationId, start, end, place, headId, focalPointId };
};

export const plan = (id: string, visits: ReturnType<typeof unitVisit>[], overrides: Record<string, unknown> = {}) => ({
  id,
  title: `Kiểm tra việc thực hiện Chương trình phối hợp công tác dân vận (${id})`,
  leadOrganizationId: 'bdv-tw',
  agencies,
  members: team,
  visits,
  ...overrides,
});

export const loadInspectionDirectory = async (t: TestSystem): Promise<void> => {
  const created = async (path: string, body: unknown) => {
    const result = await t.post(path, body);
    if (result.status !== 201) throw new Error(`${path} answered ${result.status}: ${JSON.stringify(result.body)}`);
  };
  for (const organization of inspectionDirectory.organizations) await created('/v1/organizations', organization);
  const withReferences = (o: { deputyId?: string; superiorId?: string }) => Number(Boolean(o.deputyId || o.superiorId));
  const officials = [...inspectionDirectory.officials].sort((a, b) => withReferences(a) - withReferences(b));
  // dn-head names dn-deputy and dn-superior; dn-focal names dn-head: heads first among those with references.
  for (const official of officials.filter((o) => o.id !== 'dn-focal')) await created('/v1/officials', official);
  await created('/v1/officials', officials.find((o) => o.id === 'dn-focal'));
};

/** The `.ics` attachments of the emails to one address, decoded. */
export const invitesTo = async (t: TestSystem, address: string): Promise<{ subject: string; ics: string }[]> => {
  const store = (await (await fetch(`${t.system.sesUrl}/store`)).json()) as {
    emails: { subject: string; destination: { to: string[] }; attachments?: { content: string; contentType: string }[] }[];
  };
  return store.emails
    .filter((email) => email.destination.to.includes(address))
    .flatMap((email) => (email.attachments ?? []).filter((a) => a.contentType.startsWith('text/calendar')).map((a) => ({ subject: email.subject, ics: Buffer.from(a.content, 'base64').toString('utf8') })));
};

/**
 * One property of an iCalendar text, unfolded (`SEQUENCE`, `DTSTART`, `METHOD`, …): the event's,
 * or the calendar's for those the event does not have (`METHOD`, the time zone's `TZID`).
 */
export const icsProperty = (ics: string, name: string): string[] => {
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
  const named = (from: string[]) => from.filter((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`));
  const event = lines.slice(lines.indexOf('BEGIN:VEVENT'), lines.indexOf('END:VEVENT') + 1);
  const found = named(event);
  return found.length > 0 ? found : named(lines);
};

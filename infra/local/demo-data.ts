import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDirectoryCsv } from '#shared/directory-csv.js';

/**
 * Demo data: the Thừa Thiên Huế program of 2022–2026 between the provincial Ban Dân vận and the
 * provincial police (from the news report in shared/seeds/000), ready to submit. Names of the two
 * heads and of the provincial party's standing deputy secretary are those in the report; deputies
 * and focal points are invented, and every address is on an example domain.
 */
export const demoOrganizations = [
  { id: 'bdv-tth', name: 'Ban Dân vận Tỉnh ủy Thừa Thiên Huế', kind: 'dan_van', level: 'tinh', locality: 'Thừa Thiên Huế' },
  { id: 'ca-tth', name: 'Công an tỉnh Thừa Thiên Huế', kind: 'cong_an', level: 'tinh', locality: 'Thừa Thiên Huế' },
  { id: 'tu-tth', name: 'Tỉnh ủy Thừa Thiên Huế', kind: 'other', level: 'tinh', locality: 'Thừa Thiên Huế' },
];

const mail = (user: string) => `${user}@thuathienhue.example.gov.vn`;

export const demoOfficials = [
  { id: 'phan-ngoc-tho', name: 'Phan Ngọc Thọ', title: 'Phó Bí thư Thường trực Tỉnh ủy', email: mail('phan.ngoc.tho'), organizationId: 'tu-tth' },
  { id: 'bdv-pho-truong-ban', name: 'Trần Thị Mai', title: 'Phó Trưởng Ban Dân vận Tỉnh ủy', email: mail('tran.thi.mai'), organizationId: 'bdv-tth' },
  {
    id: 'nguyen-chi-tai',
    name: 'Nguyễn Chí Tài',
    title: 'Trưởng Ban Dân vận Tỉnh ủy',
    email: mail('nguyen.chi.tai'),
    organizationId: 'bdv-tth',
    deputyId: 'bdv-pho-truong-ban',
    superiorId: 'phan-ngoc-tho',
  },
  { id: 'bdv-dau-moi', name: 'Lê Văn Hùng', title: 'Trưởng phòng Dân tộc – Tôn giáo, Ban Dân vận Tỉnh ủy', email: mail('le.van.hung'), organizationId: 'bdv-tth' },
  { id: 'ca-pho-giam-doc', name: 'Đại tá Hoàng Văn Sơn', title: 'Phó Giám đốc Công an tỉnh', email: mail('hoang.van.son'), organizationId: 'ca-tth' },
  {
    id: 'nguyen-thanh-tuan',
    name: 'Đại tá Nguyễn Thanh Tuấn',
    title: 'Giám đốc Công an tỉnh',
    email: mail('nguyen.thanh.tuan'),
    organizationId: 'ca-tth',
    deputyId: 'ca-pho-giam-doc',
    superiorId: 'phan-ngoc-tho',
  },
  { id: 'ca-dau-moi', name: 'Thượng tá Phạm Quốc Bảo', title: 'Trưởng phòng Tham mưu, Công an tỉnh', email: mail('pham.quoc.bao'), organizationId: 'ca-tth', superiorId: 'ca-pho-giam-doc' },
];

export const demoProgram = {
  id: 'tth-2022-2026',
  title: 'Chương trình phối hợp thực hiện công tác dân vận giai đoạn 2022–2026 giữa Ban Dân vận Tỉnh ủy và Công an tỉnh Thừa Thiên Huế',
  leadOrganizationId: 'bdv-tth',
  period: { startYear: 2022, endYear: 2026 },
  // The 2022 plan was signed by both heads at the same ceremony (seed 000); every year's plan is signed.
  planSignatures: true,
  // Once signed, the 9 districts' Ban Dân vận and police (infra/local/demo/tth-districts.csv) are directed to sign theirs.
  cascade: { dueInWorkingDays: 60 },
  objectives:
    'Đổi mới nội dung, phương thức, nâng cao hiệu quả công tác dân vận và phong trào Toàn dân bảo vệ an ninh Tổ quốc; giữ vững an ninh chính trị, trật tự an toàn xã hội trên địa bàn tỉnh.',
  parties: [
    { organizationId: 'bdv-tth', focalPointId: 'bdv-dau-moi', reviewerId: 'bdv-dau-moi', signatoryId: 'nguyen-chi-tai' },
    { organizationId: 'ca-tth', focalPointId: 'ca-dau-moi', reviewerId: 'ca-dau-moi', signatoryId: 'nguyen-thanh-tuan' },
  ],
  contentItems: [
    { text: 'Đổi mới nội dung, phương thức, nâng cao hiệu quả công tác dân vận, công tác xây dựng phong trào Toàn dân bảo vệ an ninh Tổ quốc.', responsibleOrganizationId: 'ca-tth' },
    { text: 'Xây dựng và phát huy vai trò người có uy tín, chức sắc, lực lượng nòng cốt ở vùng trọng điểm, vùng đồng bào dân tộc thiểu số, tôn giáo, vùng biên giới.', responsibleOrganizationId: 'bdv-tth' },
    { text: 'Xây dựng và phát triển các cơ chế tự phòng, tự quản, tự bảo vệ, tự hòa giải ở cơ sở.', responsibleOrganizationId: 'ca-tth' },
    { text: 'Xây dựng, nhân rộng điển hình “Dân vận khéo” trên lĩnh vực an ninh chính trị, trật tự, an toàn xã hội.', responsibleOrganizationId: 'bdv-tth' },
  ],
};

/** Loads the demo through the public API, as any client would; existing items are left as they are. */
export const loadDemoData = async (apiUrl: string): Promise<void> => {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (response.status !== 201 && response.status !== 409) throw new Error(`Demo data: ${path} answered ${response.status}: ${await response.text()}`);
  };
  for (const organization of demoOrganizations) await post('/v1/organizations', organization);
  // Officials name their deputy and superior, so those without such references are created first.
  const hasReferences = (official: { deputyId?: string; superiorId?: string }) => Number(Boolean(official.deputyId || official.superiorId));
  for (const official of [...demoOfficials].sort((a, b) => hasReferences(a) - hasReferences(b))) await post('/v1/officials', official);
  await post('/v1/programs', demoProgram);
  await loadDemoDistricts(apiUrl);
  for (const organization of demoCentralTeam.organizations) await post('/v1/organizations', organization);
  for (const official of demoCentralTeam.officials) await post('/v1/officials', official);
};

/** The province's 9 districts, towns and city, each with its Ban Dân vận and police, their heads and focal points. */
export const DEMO_DISTRICTS_CSV = path.join(path.dirname(fileURLToPath(import.meta.url)), 'demo', 'tth-districts.csv');

/** Loads the districts' CSV through the batch endpoints, as `dvcp directory import` does; items already there are unchanged. */
export const loadDemoDistricts = async (apiUrl: string, csvText = readFileSync(DEMO_DISTRICTS_CSV, 'utf8')): Promise<void> => {
  const { organizations, officials, errors } = parseDirectoryCsv(csvText);
  if (errors.length > 0) throw new Error(`Demo data: ${DEMO_DISTRICTS_CSV}: ${errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')}`);
  for (const [batch, items] of [['organizations', organizations], ['officials', officials]] as const) {
    const response = await fetch(`${apiUrl}/v1/${batch}:batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ [batch]: items }) });
    const body = (await response.json()) as { results?: { id?: string; status: string; error?: { message: string } }[] };
    const failed = (body.results ?? []).filter((result) => result.status === 'failed');
    if (response.status !== 207 || failed.length > 0) throw new Error(`Demo data: ${batch}:batch answered ${response.status}: ${JSON.stringify(failed.length > 0 ? failed : body)}`);
  }
};

/**
 * The central interagency inspection team of shared/seeds/004: Ban Dân vận Trung ương, Bộ Công an
 * and Tổng cục Chính trị Quân đội nhân dân Việt Nam. The two leaders are named as in the report
 * (Phạm Tất Thắng, Phó Trưởng ban Thường trực; Thiếu tướng Nguyễn Văn Gấu, Phó Chủ nhiệm); focal
 * points and members are invented. `demo/inspection-plan.yaml` is a plan for them to inspect the
 * Thừa Thiên Huế program's two parties, dated from the local clock by `npx tsx infra/local/demo/inspection-plan.ts`.
 */
const central = (user: string) => `${user}@trunguong.example.gov.vn`;
export const demoCentralTeam = {
  organizations: [
    { id: 'bdv-tw', name: 'Ban Dân vận Trung ương', kind: 'dan_van', level: 'trung_uong', email: central('vanphong.bdvtw') },
    { id: 'bo-cong-an', name: 'Bộ Công an', kind: 'cong_an', level: 'trung_uong' },
    { id: 'tcct-qdnd', name: 'Tổng cục Chính trị Quân đội nhân dân Việt Nam', kind: 'chinh_tri_qd', level: 'trung_uong' },
  ],
  officials: [
    { id: 'pham-tat-thang', name: 'Phạm Tất Thắng', title: 'Phó Trưởng ban Thường trực Ban Dân vận Trung ương', email: central('pham.tat.thang'), organizationId: 'bdv-tw' },
    { id: 'bdvtw-dau-moi', name: 'Nguyễn Thị Thu Hà', title: 'Vụ trưởng Vụ Dân vận các cơ quan nhà nước, Ban Dân vận Trung ương', email: central('nguyen.thi.thu.ha'), organizationId: 'bdv-tw' },
    { id: 'bdvtw-thu-ky', name: 'Đỗ Minh Quân', title: 'Chuyên viên Ban Dân vận Trung ương', email: central('do.minh.quan'), organizationId: 'bdv-tw' },
    { id: 'nguyen-van-gau', name: 'Thiếu tướng Nguyễn Văn Gấu', title: 'Phó Chủ nhiệm Tổng cục Chính trị Quân đội nhân dân Việt Nam', email: central('nguyen.van.gau'), organizationId: 'tcct-qdnd' },
    { id: 'tcct-dau-moi', name: 'Đại tá Trần Quốc Việt', title: 'Cục trưởng Cục Dân vận, Tổng cục Chính trị', email: central('tran.quoc.viet'), organizationId: 'tcct-qdnd' },
    { id: 'bca-dau-moi', name: 'Thiếu tướng Lê Văn Quý', title: 'Cục trưởng Cục Công tác đảng và công tác chính trị, Bộ Công an', email: central('le.van.quy'), organizationId: 'bo-cong-an' },
    { id: 'bca-thanh-vien', name: 'Đại tá Vũ Hồng Sơn', title: 'Phó Cục trưởng Cục Công tác đảng và công tác chính trị, Bộ Công an', email: central('vu.hong.son'), organizationId: 'bo-cong-an' },
    { id: 'bca-du-bi', name: 'Thượng tá Đinh Thị Ngọc', title: 'Trưởng phòng Dân vận, Bộ Công an', email: central('dinh.thi.ngoc'), organizationId: 'bo-cong-an' },
  ],
};

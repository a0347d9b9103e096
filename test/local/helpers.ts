import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { PROJECT_ROOT } from '../../infra/constructs/house-function.js';
import { portOf } from '../../infra/local/http-api.js';
import { type LocalSystem, type LocalSystemOptions, startLocalSystem } from '../../infra/local/system.js';

export interface OutboxEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { to: string[]; cc: string[]; bcc: string[] };
  readonly subject: string;
  readonly body: { html?: string; text?: string };
  readonly at: number;
}

/** A running local system plus the small client every local test needs. */
export class TestSystem {
  private constructor(readonly system: LocalSystem) {}

  static async start(startAt = Date.parse('2026-03-02T01:00:00Z'), options: Omit<LocalSystemOptions, 'startAt'> = {}): Promise<TestSystem> {
    return new TestSystem(await startLocalSystem({ ...options, startAt }));
  }

  async stop(): Promise<void> {
    await this.system.stop();
  }

  // Tests read answers of many shapes; `any` keeps their assertions readable.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers in tests
  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.system.apiUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async post(path: string, body?: unknown) {
    return this.request('POST', path, body);
  }

  async get(path: string) {
    return this.request('GET', path);
  }

  async outbox(): Promise<OutboxEmail[]> {
    const response = await fetch(`${this.system.sesUrl}/store`);
    return ((await response.json()) as { emails: OutboxEmail[] }).emails;
  }

  async clearOutbox(): Promise<void> {
    await fetch(`${this.system.sesUrl}/clear-store`, { method: 'POST' });
  }

  async emailsTo(address: string): Promise<OutboxEmail[]> {
    return (await this.outbox()).filter((email) => email.destination.to.includes(address));
  }

  /** The action link in the latest email to an address (optionally whose subject contains a phrase). */
  async latestLink(address: string, subjectPart = ''): Promise<string> {
    const emails = (await this.emailsTo(address)).filter((email) => email.subject.includes(subjectPart));
    const email = emails[emails.length - 1];
    if (!email) throw new Error(`No email to ${address} with "${subjectPart}" in the outbox.`);
    const link = linkIn(email);
    if (!link) throw new Error(`The email "${email.subject}" to ${address} has no action link.`);
    return link;
  }

  async advanceDays(days: number): Promise<void> {
    const result = await this.post('/_local/clock/advance', { days });
    if (result.status !== 200) throw new Error(`Clock advance failed: ${JSON.stringify(result.body)}`);
  }

  /** Waits until the system has nothing left to do (workflows parked on people). */
  async settle(): Promise<void> {
    await this.system.clock.settle();
  }
}

export const linkIn = (email: OutboxEmail): string | undefined => /https?:\/\/[^\s"<]+\/a\/[A-Za-z0-9._-]+/.exec(email.body.text ?? '')?.[0];

export interface PageResult {
  readonly status: number;
  readonly html: string;
  readonly headers: Headers;
}

export const getPage = async (link: string): Promise<PageResult> => {
  const response = await fetch(link);
  return { status: response.status, html: await response.text(), headers: response.headers };
};

export const csrfOf = (html: string): string => {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('The page has no CSRF field.');
  return match[1]!;
};

/** Does what an official does: opens the link, then presses a button with an optional comment. */
export const act = async (link: string, action: string, comment = '', extra: [string, string][] = []): Promise<PageResult> => {
  const page = await getPage(link);
  const form = new URLSearchParams([['csrf', csrfOf(page.html)], ['action', action], ['comment', comment], ...extra]);
  const response = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  return { status: response.status, html: await response.text(), headers: response.headers };
};

/** A three-party program like the Đắk Nông one: the provincial Ban Dân vận leads, police and border guard join. */
export const threePartyDirectory = {
  organizations: [
    { id: 'bdv', name: 'Ban Dân vận Tỉnh ủy Đắk Nông', kind: 'dan_van', level: 'tinh', locality: 'Đắk Nông' },
    { id: 'ca', name: 'Công an tỉnh Đắk Nông', kind: 'cong_an', level: 'tinh', locality: 'Đắk Nông' },
    { id: 'bp', name: 'Bộ Chỉ huy Bộ đội Biên phòng tỉnh Đắk Nông', kind: 'bien_phong', level: 'tinh', locality: 'Đắk Nông' },
  ],
  officials: [
    { id: 'bdv-head', name: 'Nguyễn Văn A', title: 'Trưởng Ban Dân vận Tỉnh ủy', email: 'bdv.head@example.vn', organizationId: 'bdv' },
    { id: 'bdv-focal', name: 'Trần Thị Bình', title: 'Chuyên viên Ban Dân vận Tỉnh ủy', email: 'bdv.focal@example.vn', organizationId: 'bdv' },
    { id: 'ca-deputy', name: 'Đại tá Lê Văn Cường', title: 'Phó Giám đốc Công an tỉnh', email: 'ca.deputy@example.vn', organizationId: 'ca' },
    { id: 'ca-superior', name: 'Phạm Văn Dũng', title: 'Phó Bí thư Tỉnh ủy', email: 'superior@example.vn', organizationId: 'bdv' },
    {
      id: 'ca-head',
      name: 'Đại tá Hồ Văn Em',
      title: 'Giám đốc Công an tỉnh',
      email: 'ca.head@example.vn',
      organizationId: 'ca',
      deputyId: 'ca-deputy',
      superiorId: 'ca-superior',
    },
    { id: 'ca-reviewer', name: 'Thượng tá Vũ Thị Giang', title: 'Trưởng phòng Tham mưu', email: 'ca.reviewer@example.vn', organizationId: 'ca' },
    { id: 'bp-head', name: 'Đại tá Đỗ Văn Hải', title: 'Chỉ huy trưởng Bộ đội Biên phòng tỉnh', email: 'bp.head@example.vn', organizationId: 'bp' },
    { id: 'bp-reviewer', name: 'Trung tá Ngô Văn Khoa', title: 'Chủ nhiệm Chính trị', email: 'bp.reviewer@example.vn', organizationId: 'bp' },
  ],
  program: {
    id: 'dn-2022-2026',
    title: 'Chương trình phối hợp công tác dân vận giai đoạn 2022–2026',
    leadOrganizationId: 'bdv',
    period: { startYear: 2022, endYear: 2026 },
    parties: [
      { organizationId: 'bdv', focalPointId: 'bdv-focal', reviewerId: 'bdv-focal', signatoryId: 'bdv-head' },
      { organizationId: 'ca', focalPointId: 'ca-reviewer', reviewerId: 'ca-reviewer', signatoryId: 'ca-head' },
      { organizationId: 'bp', focalPointId: 'bp-reviewer', reviewerId: 'bp-reviewer', signatoryId: 'bp-head' },
    ],
    contentItems: [
      { text: 'Tuyên truyền, vận động Nhân dân chấp hành pháp luật.', responsibleOrganizationId: 'bdv' },
      { text: 'Xây dựng phong trào Toàn dân bảo vệ an ninh Tổ quốc.', responsibleOrganizationId: 'ca' },
      { text: 'Phối hợp bảo vệ chủ quyền, an ninh biên giới.', responsibleOrganizationId: 'bp' },
    ],
  },
};

export const loadThreePartyDirectory = async (t: TestSystem): Promise<void> => {
  for (const organization of threePartyDirectory.organizations) expectCreated(await t.post('/v1/organizations', organization));
  for (const official of threePartyDirectory.officials) expectCreated(await t.post('/v1/officials', official));
};

const expectCreated = (result: { status: number; body: unknown }) => {
  if (result.status !== 201) throw new Error(`Expected 201, got ${result.status}: ${JSON.stringify(result.body)}`);
};

/** A running system with the three-party directory and its draft program; submitted and settled unless `submit` is false. */
export const startWithThreePartyProgram = async ({ submit = true } = {}): Promise<TestSystem> => {
  const t = await TestSystem.start();
  await loadThreePartyDirectory(t);
  expectCreated(await t.post('/v1/programs', threePartyDirectory.program));
  if (submit) {
    const submitted = await t.post(`/v1/programs/${threePartyDirectory.program.id}/submit`);
    if (submitted.status !== 202) throw new Error(`Submit answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
    await t.settle();
  }
  return t;
};

/** A port nobody listens on right now (for a child process that must be given its ports). */
export const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
};

/**
 * A free port below Linux's ephemeral range (32768–60999), for an npm start that is stopped and
 * started again on the same ports: while it is down, a port the kernel hands out (another test
 * file's server on port 0, any outgoing connection's local end) could take one of them.
 */
export const portOutsideEphemeralRange = async (): Promise<number> => {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
};

export interface NpmStart {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** `npm start` as a newcomer runs it: a child process with its own data directory and ports. */
export const npmStart = (dataDir: string, apiPort: number, sesPort: number): NpmStart => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOCAL_DATA_DIR: dataDir, API_PORT: String(apiPort), SES_PORT: String(sesPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
};

/** Polls `probe` until it gives a value; a probe that throws (a port not listening yet) is tried again. */
export const until = async <T>(what: string, probe: () => Promise<T | undefined>, ms = 90_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    let value: T | undefined;
    try {
      value = await probe();
    } catch {
      value = undefined;
    }
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** DynamoDB Local processes started for one data directory (their command line names it). */
export const javaProcessesFor = (dataDir: string): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return commandLine.includes('DynamoDBLocal') && commandLine.includes(dataDir);
      } catch {
        return false;
      }
    })
    .map(Number);

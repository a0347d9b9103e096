import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/house-function.js';
import { freePort, type NpmStart, npmStart, type OutboxEmail, until } from './helpers.js';

/**
 * The root README's guided tour, run as a newcomer runs it: `npm start` on a fresh data directory
 * (free ports, given through API_PORT and SES_PORT), then every command of the tour's ```sh blocks
 * (between `<!-- tour:start -->` and `<!-- tour:end -->`), in order, through bash, with the ports
 * changed as the README says (`3000`/`8005` in the commands, API_URL, SES_URL and DVCP_API_URL for
 * the demos and dvcp). Each must succeed (curl fails on an HTTP error), and what the tour says of it
 * must hold: the submit answers 202 and the reviewer's request is in the outbox, the clock's advance
 * brings reminders and the overdue notice, the demos finish without a stack trace.
 */
const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
const tour = /<!-- tour:start -->([\s\S]*?)<!-- tour:end -->/.exec(readme)?.[1] ?? '';
/** Each command of the tour's shell blocks, continuation lines joined, comment-only lines left out. */
const commands = [...tour.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) =>
  block[1]!
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#')),
);
const withoutComment = (command: string) => command.replace(/\s+#.*$/, '');

const dataDir = mkdtempSync(path.join(tmpdir(), 'readme-tour-'));
let run: NpmStart | undefined;
let apiUrl: string;
let sesUrl: string;

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The HTTP status of a curl command (its last line, written by the `-w` the test adds). */
  readonly status?: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers in tests
  readonly json?: any;
}

/** curl as the tour types it, but failing on an HTTP error and saying the status on a last line. */
const CURL = `curl() { command curl -sS --fail-with-body -w '\\nHTTP %{http_code}\\n' "$@"; }`;

const bash = (command: string): Promise<Ran> =>
  new Promise((resolve) => {
    const ported = command.replaceAll('localhost:3000', new URL(apiUrl).host).replaceAll('localhost:8005', new URL(sesUrl).host);
    execFile(
      'bash',
      ['-c', `${CURL}\n${ported}`],
      { cwd: PROJECT_ROOT, env: { ...process.env, API_URL: apiUrl, SES_URL: sesUrl, DVCP_API_URL: apiUrl }, maxBuffer: 10_000_000 },
      (error, stdout, stderr) => {
        const status = /\nHTTP (\d{3})\n$/.exec(stdout)?.[1];
        const body = status ? stdout.replace(/\nHTTP \d{3}\n$/, '') : stdout;
        let json: unknown;
        try {
          json = status ? JSON.parse(body) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: body, stderr, status: status ? Number(status) : undefined, json });
      },
    );
  });

const outbox = async (): Promise<OutboxEmail[]> => ((await (await fetch(`${sesUrl}/store`)).json()) as { emails: OutboxEmail[] }).emails;
const subjectsTo = async (address: string) => (await outbox()).filter((email) => email.destination.to.includes(address)).map((email) => email.subject);
/** Emails go out as the workflows move on, after the answer that set them off: waits a little for them. */
const arrives = (what: string, found: (emails: OutboxEmail[]) => boolean) => until(what, async () => (found(await outbox()) ? true : undefined), 15_000);
const reviewer = 'pham.quoc.bao@thuathienhue.example.gov.vn';

/** What the tour says of each command, found by what the command is. */
const claims: { readonly name: string; readonly matches: RegExp; readonly holds: (ran: Ran) => Promise<void> | void }[] = [
  {
    name: 'the submit answers 202 and the reviewer is asked',
    matches: /^curl -X POST \S+\/v1\/programs\/tth-2022-2026\/submit$/,
    holds: async (ran) => {
      expect(ran.status).toBe(202);
      expect(ran.json).toMatchObject({ id: 'tth-2022-2026', status: 'submitted' });
      await arrives("the reviewer's request", (emails) => emails.some((email) => email.destination.to.includes(reviewer) && email.subject.startsWith('Đề nghị cho ý kiến dự thảo')));
    },
  },
  {
    name: "the review step waits on the police's focal point",
    matches: /\/v1\/officials\/ca-dau-moi\/pending$/,
    holds: (ran) => expect(ran.json).toMatchObject({ officialId: 'ca-dau-moi', steps: [{ kind: 'review_draft', programId: 'tth-2022-2026' }] }),
  },
  {
    name: 'the program is in review',
    matches: /^curl \S+\/v1\/programs\/tth-2022-2026$/,
    holds: (ran) => expect(ran.json).toMatchObject({ status: 'in_review', openSteps: [{ kind: 'review_draft' }] }),
  },
  {
    name: 'living through the weeks brings reminders and the overdue notice',
    matches: /\/_local\/clock\/advance /,
    holds: async () => {
      const subjects = await subjectsTo(reviewer);
      expect(subjects.some((subject) => subject.startsWith('Nhắc lần 1:'))).toBe(true);
      expect(subjects.some((subject) => subject.startsWith('Thông báo quá hạn:'))).toBe(true);
    },
  },
  {
    name: 'the trail has the emails, reminders and the overdue notice',
    matches: /\/v1\/programs\/tth-2022-2026\/events$/,
    holds: (ran) => {
      const kinds = new Set((ran.json.events as { kind: string }[]).map((event) => event.kind));
      for (const kind of ['email_sent', 'reminder', 'overdue_notice']) expect(kinds).toContain(kind);
    },
  },
  {
    name: 'the after-signing demo plays to the end',
    matches: /^npx tsx infra\/local\/demo\/after-signing\.ts$/,
    holds: (ran) => {
      expect(ran.stdout).toContain('signed: the program is active');
      // A plan only when one can fall due within the period (the demo program is signed on the local clock's day).
      expect(ran.stdout).toMatch(/plan 2022: approved, 3 tasks|none asked: the program was signed too late in its period/);
      expect(ran.stdout).toMatch(/review: approved; .*next period's draft: tth-2027-2031/);
      expect(ran.stdout).toContain('Done.');
    },
  },
  {
    name: "the next period's draft exists",
    matches: /\/v1\/programs\/tth-2027-2031$/,
    holds: (ran) => expect(ran.json).toMatchObject({ id: 'tth-2027-2031', status: 'draft', previousProgramId: 'tth-2022-2026' }),
  },
  {
    name: 'the signing cascaded the program to 9 districts',
    matches: /\/v1\/programs\/tth-2022-2026\/cascade$/,
    holds: (ran) => expect(ran.json.summary).toMatchObject({ units: 9 }),
  },
  {
    name: 'the inspection demo creates a plan and asks each agency to confirm',
    matches: /^npx tsx infra\/local\/demo\/inspection-plan\.ts$/,
    holds: async (ran) => {
      expect(ran.stdout).toMatch(/Created inspection kiem-tra-tth-\d{4} \(confirming\): 2 visits, 4 members from 3 agencies\./);
      const focalPoints = ['le.van.quy@trunguong.example.gov.vn', 'nguyen.thi.thu.ha@trunguong.example.gov.vn', 'tran.quoc.viet@trunguong.example.gov.vn'];
      await arrives("each agency's request to confirm its members", (emails) =>
        focalPoints.every((address) => emails.some((email) => email.destination.to.includes(address) && email.subject.startsWith('Đề nghị xác nhận thành phần'))),
      );
    },
  },
  {
    name: 'dvcp lists the plan',
    matches: /^npx dvcp inspections list$/,
    holds: (ran) => expect(ran.stdout).toMatch(/kiem-tra-tth-\d{4} +confirming/),
  },
];
const held = new Set<string>();

beforeAll(async () => {
  const [apiPort, sesPort] = [await freePort(), await freePort()];
  apiUrl = `http://localhost:${apiPort}`;
  sesUrl = `http://localhost:${sesPort}`;
  const current = npmStart(dataDir, apiPort, sesPort);
  run = current;
  const outcome = await until('"local system is up"', async () => {
    if (current.child.exitCode !== null) return 'ended' as const;
    return current.output().includes('local system is up') ? ('up' as const) : undefined;
  });
  if (outcome === 'ended') throw new Error(`npm start ended while starting:\n${current.output().slice(-3000)}`);
});

afterAll(async () => {
  if (run && run.child.exitCode === null) {
    run.child.kill('SIGTERM');
    await run.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe("Function: the root README's guided tour, in order, on a fresh data directory", () => {
  it('has shell commands in its marked section', () => {
    expect(commands.length).toBeGreaterThanOrEqual(claims.length);
  });

  for (const [index, command] of commands.entries()) {
    it(`${index + 1}. ${command}`, async () => {
      // Act
      const ran = await bash(command);
      // Assess
      expect(ran.code, `${ran.stdout}\n${ran.stderr}`).toBe(0);
      expect(`${ran.stdout}${ran.stderr}`).not.toMatch(/\n\s+at /);
      if (ran.status !== undefined) expect(ran.status).toBeLessThan(300);
      for (const claim of claims.filter((c) => c.matches.test(withoutComment(command)))) {
        await claim.holds(ran);
        held.add(claim.name);
      }
    });
  }

  it('checked everything the tour claims', () => {
    expect([...held].sort()).toEqual(claims.map((claim) => claim.name).sort());
  });
});

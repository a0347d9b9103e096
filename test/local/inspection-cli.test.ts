import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { PROJECT_ROOT } from '../../infra/constructs/house-function.js';
import { loadDemoData } from '../../infra/local/demo-data.js';
import { datedPlan, type PlanTemplate } from '../../infra/local/demo/inspection-dates.js';
import { localCalendar } from '../../infra/local/demo/local-api.js';
import { portOf } from '../../infra/local/http-api.js';
import { freePort, TestSystem } from './helpers.js';

/**
 * The staff's command line, run as a newcomer runs it (`bin/dvcp.js`, what `npx dvcp` starts) in a
 * child process against a local system loaded with the demo data: the sample plan, its clashes as a
 * table, moving and cancelling a visit, reading and listing, a directory file, and the errors a
 * person makes, each one clear sentence and a non-zero exit, never a stack trace.
 */
let t: TestSystem;
const work = mkdtempSync(path.join(tmpdir(), 'dvcp-cli-'));
/** The demo's sample plan (`inspection-plan.yaml`, its visits' days laid out from a first day), dated to March 2027. */
const SAMPLE = path.join(work, 'inspection-plan.yaml');
writeFileSync(
  SAMPLE,
  stringifyYaml(datedPlan(parseYaml(readFileSync(path.join(PROJECT_ROOT, 'infra/local/demo/inspection-plan.yaml'), 'utf8')) as PlanTemplate, '2027-03-16', localCalendar())),
);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const dvcp = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
  new Promise((resolve) => {
    execFile(process.execPath, [path.join(PROJECT_ROOT, 'bin/dvcp.js'), ...args], { cwd: work, env: { ...process.env, DVCP_API_URL: t.system.apiUrl, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

const noStackTrace = (run: Run) => expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at /);

beforeAll(async () => {
  t = await TestSystem.start();
  await loadDemoData(t.system.apiUrl);
});
afterAll(async () => {
  await t?.stop();
});

describe('Function: dvcp inspections', () => {
  it('creates the sample plan from its YAML file, then lists and shows it', async () => {
    // Act
    const created = await dvcp(['inspections', 'create', SAMPLE]);
    const listed = await dvcp(['inspections', 'list', '--from', '2027-03-01', '--to', '2027-03-31']);
    const shown = await dvcp(['--api', t.system.apiUrl, 'inspections', 'show', 'kiem-tra-tth-2027']);
    // Assess
    expect(created, created.stderr).toMatchObject({ code: 0 });
    expect(created.stdout).toContain('Created inspection kiem-tra-tth-2027 (confirming): 2 visits, 4 members from 3 agencies.');
    expect(created.stdout).toMatch(/v1 +bdv-tth +2027-03-16 – 2027-03-17 +Trụ sở Tỉnh ủy Thừa Thiên Huế/);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^ID +STATUS +FIRST DAY +LAST DAY +VISITS +TITLE$/);
    expect(listed.stdout).toMatch(/kiem-tra-tth-2027 +confirming +2027-03-16 +2027-03-19 +2 +Kiểm tra việc thực hiện/);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Inspection kiem-tra-tth-2027 – confirming, led by Ban Dân vận Trung ương, 2027-03-16 – 2027-03-19');
    expect(shown.stdout).toMatch(/Phạm Tất Thắng +Trưởng đoàn +bdv-tw/);
    expect(shown.stdout).toMatch(/Bộ Công an +bca-dau-moi +pending/);
    expect(shown.stdout).toMatch(/confirm_members +bdvtw-dau-moi/);
  });

  it('prints every clash of a plan as a table and exits 1, changing nothing', async () => {
    // Prepare: the same team and units a week later, as JSON
    const sample = JSON.parse(JSON.stringify(parseYaml(readFileSync(SAMPLE, 'utf8'))));
    const clashing = { ...sample, id: 'kiem-tra-trung', visits: [{ ...sample.visits[0], start: '2027-03-17', end: '2027-03-20' }] };
    writeFileSync(path.join(work, 'clashing.json'), JSON.stringify(clashing));
    // Act
    const run = await dvcp(['inspections', 'create', 'clashing.json']);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n');
    expect(lines[0]).toMatch(/^Creating the plan in clashing.json: \d+ clashes, nothing was changed\.$/);
    expect(lines[2]).toMatch(/^KIND +WHAT +CLASHES WITH$/);
    expect(run.stderr).toMatch(/member_booked +member Phạm Tất Thắng \(pham-tat-thang\) on 2027-03-17 +inspection 'kiem-tra-tth-2027', visit v1/);
    expect(run.stderr).toMatch(/member_booked +member Phạm Tất Thắng \(pham-tat-thang\) on 2027-03-18–2027-03-19 +inspection 'kiem-tra-tth-2027', visit v2/);
    expect(run.stderr).toMatch(/unit_booked +unit Ban Dân vận Tỉnh ủy Thừa Thiên Huế \(bdv-tth\) on 2027-03-17–2027-03-20/);
    expect(run.stderr).toMatch(/non_working_day +visit v1 \(Ban Dân vận Tỉnh ủy Thừa Thiên Huế\) on 2027-03-20 +a Saturday/);
    noStackTrace(run);
    expect((await t.get('/v1/inspections/kiem-tra-trung')).status).toBe(404);
  });

  it('moves a visit (refusing a weekend with its clash) and cancels another', async () => {
    // Act
    const weekend = await dvcp(['inspections', 'reschedule', 'kiem-tra-tth-2027', 'v2', '--start', '2027-03-27', '--end', '2027-03-28']);
    const moved = await dvcp(['inspections', 'reschedule', 'kiem-tra-tth-2027', 'v2', '--start', '2027-03-23', '--end', '2027-03-24']);
    const cancelled = await dvcp(['inspections', 'cancel', 'kiem-tra-tth-2027', 'v1']);
    // Assess
    expect(weekend.code).toBe(1);
    expect(weekend.stderr).toContain('Moving visit v2 of kiem-tra-tth-2027: 2 clashes, nothing was changed.');
    expect(weekend.stderr).toMatch(/non_working_day +visit v2 \(Công an tỉnh Thừa Thiên Huế\) on 2027-03-28 +a Sunday/);
    expect(moved, moved.stderr).toMatchObject({ code: 0 });
    expect(moved.stdout).toContain('Visit v2 of kiem-tra-tth-2027 now takes place 2027-03-23 – 2027-03-24 at Công an tỉnh Thừa Thiên Huế, 50 Hùng Vương, thành phố Huế; updated invites (SEQUENCE 1)');
    expect(cancelled, cancelled.stderr).toMatchObject({ code: 0 });
    const shown = await dvcp(['inspections', 'show', 'kiem-tra-tth-2027']);
    expect(shown.stdout).toMatch(/v1 +Ban Dân vận Tỉnh ủy Thừa Thiên Huế +2027-03-16 – 2027-03-17 +.+ +cancelled/);
    expect(shown.stdout).toMatch(/v2 +Công an tỉnh Thừa Thiên Huế +2027-03-23 – 2027-03-24 +.+ +scheduled/);
  });

  it('explains what went wrong, in one message and a non-zero exit', async () => {
    writeFileSync(path.join(work, 'broken.yaml'), 'id: [unclosed\n');
    writeFileSync(path.join(work, 'invalid.json'), JSON.stringify({ title: 'Thiếu gần hết' }));
    const closedPort = await freePort();
    const runs = await Promise.all([
      dvcp(['inspections', 'show', 'khong-co']),
      dvcp(['inspections', 'create', 'missing.yaml']),
      dvcp(['inspections', 'create', 'broken.yaml']),
      dvcp(['inspections', 'create', 'invalid.json']),
      dvcp(['inspections', 'list', '--from', 'hôm nay']),
      dvcp(['inspections', 'list'], { DVCP_API_URL: `http://localhost:${closedPort}` }),
      dvcp(['inspections', 'fly']),
      dvcp(['inspections', 'list', '--sideways']),
    ]);
    const [unknown, missing, broken, invalid, badDate, unreachable, badCommand, badOption] = runs;
    for (const run of runs) {
      expect(run.code).toBe(1);
      noStackTrace(run);
    }
    expect(unknown!.stderr).toBe("Reading inspection khong-co: Inspection 'khong-co' does not exist. (404)\n");
    expect(missing!.stderr).toBe('Cannot read missing.yaml: no such file.\n');
    expect(broken!.stderr).toMatch(/^broken.yaml is not valid YAML: /);
    expect(invalid!.stderr).toMatch(/^Creating the plan in invalid.json: The inspection plan is not valid \(.+\)\. \(400\)\n\nFIELD +PROBLEM\n/);
    expect(invalid!.stderr).toMatch(/leadOrganizationId +/);
    expect(badDate!.stderr).toMatch(/^Listing inspections: The period is not valid \(from: must be a date as YYYY-MM-DD/);
    expect(unreachable!.stderr).toBe(`Cannot reach the API at http://localhost:${closedPort} (ECONNREFUSED). Is the local system running (npm start)?\n`);
    expect(badCommand!.stderr).toMatch(/^Unknown command 'inspections fly'\./);
    expect(badOption!.stderr).toMatch(/^dvcp: Unknown option '--sideways'/);
  });

  it('signs requests with SigV4 (service execute-api) from the standard credential chain for any host but localhost, or when asked', async () => {
    // Prepare: a stand-in for API Gateway that records what arrives, on a loopback address that is not "localhost"
    const received: IncomingHttpHeaders[] = [];
    const server = createServer((request, response) => {
      received.push(request.headers);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ inspections: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
    const credentials = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', AWS_SESSION_TOKEN: 'session', AWS_REGION: 'ap-southeast-1' };
    // Act
    const deployed = await dvcp(['inspections', 'list'], { ...credentials, DVCP_API_URL: `http://127.0.0.2:${portOf(server)}` });
    const asked = await dvcp(['--sigv4', '--region', 'eu-west-1', '--api', `http://127.0.0.2:${portOf(server)}`, 'inspections', 'list'], credentials);
    await new Promise((resolve) => server.close(resolve));
    // Assess
    for (const run of [deployed, asked]) expect(run, run.stderr).toMatchObject({ code: 0, stdout: 'No inspection has a visit in that period.\n' });
    const signature = (region: string) => new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/${region}/execute-api/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$`);
    expect(received[0]?.authorization).toMatch(signature('ap-southeast-1'));
    expect(received[1]?.authorization).toMatch(signature('eu-west-1'));
    expect(received[0]?.['x-amz-security-token']).toBe('session');
    expect(received[0]?.['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });
});

describe('Function: dvcp directory import', () => {
  it('creates organisations then officials from a CSV file, and finds them unchanged the second time', async () => {
    // Prepare
    const csv = [
      'type,id,name,kind,level,locality,parentId,email,title,organizationId,deputyId,superiorId,digest',
      'organization,dv-xa-phong-hien,Ban Dân vận Đảng ủy xã Phong Hiền,dan_van,xa,Phong Hiền,bdv-tth,,,,,,',
      'official,ph-pho,Hồ Thị Lài,,,,,lai@phonghien.example.gov.vn,Phó Trưởng Ban Dân vận Đảng ủy xã,dv-xa-phong-hien,,,',
      'official,ph-truong,"Lê Văn Sáu, Đảng ủy viên",,,,,sau@phonghien.example.gov.vn,Trưởng Ban Dân vận Đảng ủy xã,dv-xa-phong-hien,ph-pho,,có',
    ].join('\n');
    writeFileSync(path.join(work, 'phong-hien.csv'), csv);
    writeFileSync(path.join(work, 'bad.csv'), `${csv}\nperson,x,Không rõ,,,,,,,,,,\n`);
    // Act
    const first = await dvcp(['directory', 'import', 'phong-hien.csv']);
    const second = await dvcp(['directory', 'import', 'phong-hien.csv']);
    const bad = await dvcp(['directory', 'import', 'bad.csv']);
    // Assess
    expect(first, first.stderr).toMatchObject({ code: 0, stdout: 'Organizations: 1 created, 0 unchanged, 0 failed.\nOfficials: 2 created, 0 unchanged, 0 failed.\n' });
    expect(second.stdout).toBe('Organizations: 0 created, 1 unchanged, 0 failed.\nOfficials: 0 created, 2 unchanged, 0 failed.\n');
    expect((await t.get('/v1/officials/ph-truong')).body).toMatchObject({ name: 'Lê Văn Sáu, Đảng ủy viên', deputyId: 'ph-pho', digest: true });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^bad.csv has 1 row that cannot be read; nothing was imported\.\n\nLINE +PROBLEM\n-+ +-+\n5 +type must be "organization" or "official", not "person"\n$/);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portOf } from '../../infra/local/http-api.js';
import { resourcesOfType } from '../../infra/local/template.js';
import { LIMITS } from '#shared/limits.js';
import {
  freePort,
  getPage,
  javaProcessesFor,
  linkIn,
  loadThreePartyDirectory,
  type NpmStart,
  npmStart,
  portOutsideEphemeralRange,
  type OutboxEmail,
  TestSystem,
  threePartyDirectory,
  until,
} from './helpers.js';

/** Issue 12, defects 2–6: each reproduced against one local system (and `npm start` where that is the subject). */
let t: TestSystem;
beforeAll(async () => {
  t = await TestSystem.start();
  await loadThreePartyDirectory(t);
});
afterAll(async () => {
  await t?.stop();
});

const errorShape = { error: { code: expect.any(String), message: expect.any(String), issues: expect.any(Array) } };

/** Sends bytes as they are (fetch would refuse a malformed request line) and returns the raw answer. */
const rawRequest = (apiUrl: string, text: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(apiUrl).port), '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    setTimeout(() => socket.destroy(), 5000);
  });

const bodyOfRaw = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as unknown;

describe('Defect 2: a malformed request never ends the local HTTP server', () => {
  it.each([
    ['an unparseable absolute URL', 'GET http://[/ HTTP/1.1'],
    ['an absolute URL with a bad port', 'GET http://localhost:99999/v1/programs HTTP/1.1'],
    ['a control character in the target', 'GET /v1/\u0001 HTTP/1.1'],
    ['a request line that is not HTTP', 'HELLO'],
  ])('answers %s with 400 and keeps serving', async (_what, line) => {
    // Act
    const answer = await rawRequest(t.system.apiUrl, `${line}\r\nHost: localhost\r\nConnection: close\r\n\r\n`);

    // Assess
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOfRaw(answer)).toMatchObject(errorShape);
    expect((await t.get('/_local/clock')).status).toBe(200);
  });
});

describe('Defect 3: ids that cannot be ids, and documents larger than an item, are 400s', () => {
  const idRoutes = () =>
    resourcesOfType(t.system.template, 'AWS::ApiGatewayV2::Route')
      .map(([, route]) => String(route.Properties?.RouteKey))
      .filter((key) => key.includes('{id}'))
      .map((key) => key.split(' ') as [string, string]);

  it('covers every {id} route of the template', () => {
    expect(idRoutes().length).toBeGreaterThanOrEqual(7);
  });

  it.each([
    ['malformed percent-encoding', '%ZZ'],
    ['a truncated percent-encoded letter', 'ch%E1%BB'],
    ['an id of 2,048 characters', 'a'.repeat(LIMITS.partitionKeyBytes)],
    ['an id of 5,000 characters', 'x'.repeat(5000)],
  ])('answers %s on every {id} route with 400 naming the id', async (_what, id) => {
    for (const [method, routePath] of idRoutes()) {
      // Act
      const result = await t.request(method, routePath.replace('{id}', id));

      // Assess
      expect(result.status, `${method} ${routePath}`).toBe(400);
      expect(result.body).toMatchObject(errorShape);
      expect(result.body.error.issues).toEqual([expect.objectContaining({ path: 'id' })]);
    }
  });

  const bigProgram = (id: string, items: number) => ({
    ...threePartyDirectory.program,
    id,
    contentItems: Array.from({ length: items }, (_, index) => ({
      text: 'ộ'.repeat(LIMITS.contentItemChars),
      responsibleOrganizationId: threePartyDirectory.organizations[index % 3]!.id,
    })),
  });

  it('refuses a schema-valid program of 40 items of 4,000 "ộ" (480 KB of UTF-8) with 400 naming the field, writing nothing', async () => {
    // Act
    const result = await t.post('/v1/programs', bigProgram('too-big', 40));

    // Assess
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({ code: 'validation_failed', issues: [{ path: 'contentItems', message: expect.stringContaining('UTF-8') }] });
    expect((await t.get('/v1/programs/too-big')).status).toBe(404);
  });

  it('stores, shows and submits a program just under the budget (29 such items)', async () => {
    const created = await t.post('/v1/programs', bigProgram('just-fits', 29));
    expect(created.status).toBe(201);
    const shown = await t.get('/v1/programs/just-fits');
    expect(shown.status).toBe(200);
    expect(shown.body.contentItems[28].text).toBe('ộ'.repeat(LIMITS.contentItemChars));
    expect((await t.post('/v1/programs/just-fits/submit')).status).toBe(202);
    await t.settle();
    expect((await t.get('/v1/programs/just-fits')).body.status).toBe('in_review');
  });
});

describe('Defect 4: the local clock takes only a JSON number of days', () => {
  const advance = (body: string, contentType = 'application/json') =>
    fetch(`${t.system.apiUrl}/_local/clock/advance`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it.each([
    ['invalid JSON', '{"days": ', 'not JSON'],
    ['a hexadecimal string', '{"days":"0x10"}', 'must be a number'],
    ['true', '{"days":true}', 'must be a number'],
    ['a numeric string', '{"days":"3"}', 'must be a number'],
    ['zero', '{"days":0}', 'must be more than 0'],
    ['more than 400 days', '{"days":401}', 'must be at most 400'],
    ['an empty body', '', 'empty'],
  ])('refuses %s with 400 and leaves the clock where it was', async (_what, body, message) => {
    // Prepare
    const before = (await t.get('/_local/clock')).body.now;

    // Act
    const response = await advance(body);

    // Assess
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: { issues: { message: string }[] } };
    expect(answer).toMatchObject(errorShape);
    expect(answer.error.issues[0]?.message).toBe(message);
    expect((await t.get('/_local/clock')).body.now).toBe(before);
  });

  it('advances by a fractional number of days', async () => {
    const before = Date.parse((await t.get('/_local/clock')).body.now);
    const response = await advance('{"days": 0.5}', 'application/json; charset=utf-8');
    expect(response.status).toBe(200);
    expect(Date.parse(((await response.json()) as { now: string }).now) - before).toBe(12 * 3_600_000);
  });
});

describe('Defect 5: JSON answers are never sniffed, and JSON bodies must say they are JSON', () => {
  it('sends nosniff on every kind of JSON answer', async () => {
    const answers = await Promise.all(
      ['/v1/organizations/bdv', '/v1/organizations/nowhere', '/v1/programs/%ZZ', '/no-such-route', '/_local/clock'].map((p) => fetch(`${t.system.apiUrl}${p}`)),
    );
    for (const response of answers) {
      expect(response.headers.get('x-content-type-options'), response.url).toBe('nosniff');
      expect(response.headers.get('content-type'), response.url).toMatch(/^application\/json/);
    }
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a JSON body sent as %s with 415, creating nothing',
    async (contentType) => {
      // Prepare
      const id = `xsite-${contentType.replace(/\W+/g, '-')}`.slice(0, 60);

      // Act
      const response = await fetch(`${t.system.apiUrl}/v1/organizations`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: JSON.stringify({ id, name: 'Cross-site', kind: 'other', level: 'xa' }),
      });

      // Assess
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ error: { code: 'unsupported_media_type', issues: [{ path: '(header) content-type' }] } });
      expect((await t.get(`/v1/organizations/${id}`)).status).toBe(404);
    },
  );

  it('refuses the clock advance sent as a form too, and still serves the action pages their forms', async () => {
    const clock = await fetch(`${t.system.apiUrl}/_local/clock/advance`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"days":1}' });
    expect(clock.status).toBe(415);
    const form = await fetch(`${t.system.apiUrl}/a/not-a-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=approve&csrf=x',
    });
    expect(form.status).not.toBe(415);
    expect(form.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

const noJavaLeftFor = (dataDir: string) => until('DynamoDB Local to end', async () => (javaProcessesFor(dataDir).length === 0 ? true : undefined), 10_000);

describe('Defect 6: npm start answers only when ready, keeps the outbox across restarts, and leaves no Java behind', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'probe-npm-start-'));
  const started: NpmStart[] = [];
  afterAll(async () => {
    // A test that failed half-way may leave a run going: stop it as Ctrl+C would, then make sure.
    for (const run of started) {
      run.child.kill('SIGTERM');
      const timer = setTimeout(() => run.child.kill('SIGKILL'), 15_000);
      await run.exited;
      clearTimeout(timer);
    }
    for (const pid of javaProcessesFor(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the clock only once the demo is loaded, prints "up", and shows old emails and working links after a restart', async () => {
    // Stopped and started again on the same ports: ports the kernel does not hand out meanwhile.
    const [apiPort, sesPort] = [await portOutsideEphemeralRange(), await portOutsideEphemeralRange()];
    const api = `http://localhost:${apiPort}`;
    const store = async () => ((await (await fetch(`http://localhost:${sesPort}/store`)).json()) as { emails: OutboxEmail[] }).emails;

    // Act: start, and ask for the demo program (created last) and the clock as soon as the port takes a connection
    const first = npmStart(dataDir, apiPort, sesPort);
    started.push(first);
    const firstAnswers = await until('the API to answer', async () =>
      Promise.all([fetch(`${api}/v1/programs/tth-2022-2026`), fetch(`${api}/_local/clock`)]).then((answers) => answers.map((a) => a.status)),
    );
    await until('"up"', async () => (first.output().includes('local system is up') ? true : undefined));

    // Assess: ready means ready; nothing answered while the demo was loading
    expect(firstAnswers).toEqual([200, 200]);

    // Act: send emails, stop, start again
    expect((await fetch(`${api}/v1/programs/tth-2022-2026/submit`, { method: 'POST' })).status).toBe(202);
    const sent = await until('emails', async () => {
      const emails = await store();
      return emails.length > 0 ? emails : undefined;
    });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await noJavaLeftFor(dataDir);
    const second = npmStart(dataDir, apiPort, sesPort);
    started.push(second);
    await until('"up" again', async () => (second.output().includes('local system is up') ? true : undefined));

    // Assess: the outbox and the links in it survived
    const kept = await store();
    expect(kept.map((email) => email.messageId)).toEqual(expect.arrayContaining(sent.map((email) => email.messageId)));
    const link = kept.map(linkIn).find((found) => found !== undefined);
    expect(link).toBeDefined();
    expect((await getPage(String(link))).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await noJavaLeftFor(dataDir);
  });

  it.each(['API', 'outbox (SES)'])('exits with an error and ends DynamoDB Local when it cannot start (the %s port is taken)', async (which) => {
    // Prepare
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const failingDir = mkdtempSync(path.join(tmpdir(), 'probe-npm-start-fail-'));

    // Act
    const run = which === 'API' ? npmStart(failingDir, portOf(taken), await freePort()) : npmStart(failingDir, await freePort(), portOf(taken));
    started.push(run);
    const code = await run.exited;
    await new Promise((resolve) => taken.close(resolve));

    // Assess
    expect(code).toBe(1);
    expect(run.output()).toMatch(/could not start/);
    await noJavaLeftFor(failingDir);
    rmSync(failingDir, { recursive: true, force: true });
  });
});

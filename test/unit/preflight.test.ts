import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * Runs scripts/preflight.ts as `npm start` and `npm test` run it, on a PATH that holds only a
 * temporary folder: no `java`, and no real apt-get or sudo. Where a test lets it install, that
 * folder has fake ones that record their arguments and provide the package, so nothing is installed.
 */
let bin: string;
let browser: string;
let aptLog: string;

/** A small executable Node script, as the fake bin folder holds them. */
const script = (body: string) => `#!${process.execPath}\n${body}\n`;
const javaScript = (version: string) => script(`process.stderr.write('openjdk version "${version}" 2025-04-15\\n');`);
const fake = (name: string, content: string) => writeFileSync(join(bin, name), content, { mode: 0o755 });
const fakeJava = (version: string) => fake('java', javaScript(version));

/** apt-get that logs its arguments and whose `install` provides Java 17 and the browser; sudo that runs it. */
const fakeAptGet = () => {
  fake(
    'sudo',
    script(`const args = process.argv.slice(2);
while (args[0].includes('=')) args.shift();
require('node:child_process').execFileSync(args[0], args.slice(1), { stdio: 'inherit' });`),
  );
  fake(
    'apt-get',
    script(`const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(aptLog)}, args.join(' ') + '\\n');
if (args[0] === 'install' && args.includes('openjdk-17-jre-headless')) {
  fs.writeFileSync(${JSON.stringify(join(bin, 'java'))}, ${JSON.stringify(javaScript('17.0.15'))}, { mode: 0o755 });
}
if (args[0] === 'install' && args.includes('chromium')) fs.writeFileSync(${JSON.stringify(browser)}, '', { mode: 0o755 });`),
  );
};

const preflight = (mode: 'start' | 'test', install: '0' | '1') => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/preflight.ts', mode], {
    encoding: 'utf8',
    env: { HOME: process.env.HOME, PATH: bin, DVCP_CHROMIUM_PATH: browser, DVCP_PREFLIGHT_INSTALL: install },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, apt: existsSync(aptLog) ? readFileSync(aptLog, 'utf8') : '' };
};

beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), 'preflight-bin-'));
  browser = join(bin, 'no-such-chromium');
  aptLog = join(bin, 'apt-get.log');
});
afterEach(() => rmSync(bin, { recursive: true, force: true }));

describe('preflight, when it may not install', () => {
  it('stops npm start with one message naming Java 17 and the command that installs it', () => {
    const run = preflight('start', '0');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('npm start cannot run; missing on this machine:');
    expect(run.stderr).toContain('Java 17 (`java` is not on PATH)');
    expect(run.stderr).toContain('sudo apt-get install -y --no-install-recommends openjdk-17-jre-headless');
    expect(run.stderr).not.toContain('Chromium');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('stops npm test naming both Java 17 and Chromium, each with its install command', () => {
    const run = preflight('test', '0');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('npm test cannot run; missing on this machine:');
    expect(run.stderr).toContain('openjdk-17-jre-headless');
    expect(run.stderr).toContain(`Chromium (no browser at ${browser})`);
    expect(run.stderr).toContain('sudo apt-get install -y --no-install-recommends chromium');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a Java older than 17', () => {
    fakeJava('11.0.2');
    const run = preflight('start', '0');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Java 17 (`java` is Java 11)');
  });

  it('lets both commands through when Java 17 and the browser are there', () => {
    fakeJava('17.0.15');
    writeFileSync(browser, '', { mode: 0o755 });
    expect(preflight('start', '0')).toMatchObject({ status: 0, stderr: '' });
    expect(preflight('test', '0')).toMatchObject({ status: 0, stderr: '' });
  });
});

describe('preflight, when it may install', () => {
  it('installs Java 17 for npm start with apt-get, without recommended packages, saying why', () => {
    fakeAptGet();
    const run = preflight('start', '1');
    expect(run.status).toBe(0);
    expect(run.apt).toBe('update\ninstall -y --no-install-recommends openjdk-17-jre-headless\n');
    expect(run.stdout).toContain('Java 17 is missing (`java` is not on PATH); DynamoDB Local');
    expect(run.stdout).toContain('preflight: installed openjdk-17-jre-headless.');
  });

  it('installs Java 17 and Chromium for npm test in one apt-get install', () => {
    fakeAptGet();
    const run = preflight('test', '1');
    expect(run.status).toBe(0);
    expect(run.apt).toBe('update\ninstall -y --no-install-recommends openjdk-17-jre-headless chromium\n');
    expect(existsSync(browser)).toBe(true);
  });

  it('stops with the message when apt-get cannot be run', () => {
    const run = preflight('test', '1');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('npm test cannot run; missing on this machine (apt-get failed; see above):');
    expect(run.stderr).toContain('sudo apt-get install -y --no-install-recommends chromium');
  });
});

describe('package.json', () => {
  it('runs the preflight before npm start and npm test', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.prestart).toBe('tsx scripts/preflight.ts start');
    expect(scripts.pretest).toBe('tsx scripts/preflight.ts test');
  });
});

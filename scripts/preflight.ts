/**
 * Runs before `npm start` (mode `start`) and `npm test` (mode `test`): checks that the machine has
 * what they need, installs what is missing on Debian or Ubuntu, and otherwise stops with one message
 * naming each missing piece and the command that installs it.
 *
 * - start: Java 17 or newer (`java` on PATH), which DynamoDB Local runs on.
 * - test: that, and Chromium at DVCP_CHROMIUM_PATH (default /usr/bin/chromium) for the browser tests.
 *
 * DVCP_PREFLIGHT_INSTALL=0 never installs; =1 installs with apt-get without looking at the OS;
 * unset, it installs on Debian or Ubuntu (with sudo when not root). No dependencies on purpose:
 * it runs before anything else is known to work.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';

type Mode = 'start' | 'test';

interface Piece {
  readonly name: string;
  readonly why: string;
  readonly aptPackage: string;
  readonly elsewhere: string;
  /** Why the piece is unusable, or undefined when it is fine. */
  readonly problem: () => string | undefined;
}

const chromiumPath = () => process.env.DVCP_CHROMIUM_PATH || '/usr/bin/chromium';

const javaProblem = (): string | undefined => {
  const run = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (run.error) return '`java` is not on PATH';
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${run.stderr}${run.stdout}`);
  if (!match) return '`java -version` names no version';
  const major = Number(match[1] === '1' ? match[2] : match[1]);
  return major >= 17 ? undefined : `\`java\` is Java ${major}`;
};

const chromiumProblem = (): string | undefined => {
  try {
    accessSync(chromiumPath(), constants.X_OK);
    return undefined;
  } catch {
    return `no browser at ${chromiumPath()}`;
  }
};

const JAVA: Piece = {
  name: 'Java 17',
  why: 'DynamoDB Local, the database of the local system and the tests, runs on it',
  aptPackage: 'openjdk-17-jre-headless',
  elsewhere: 'elsewhere install any Java 17+ runtime and put `java` on PATH',
  problem: javaProblem,
};

const CHROMIUM: Piece = {
  name: 'Chromium',
  why: 'the browser tests drive it (they never download a browser)',
  aptPackage: 'chromium',
  elsewhere: 'elsewhere install Chromium and set DVCP_CHROMIUM_PATH to its executable',
  problem: chromiumProblem,
};

const NEEDS: Record<Mode, readonly Piece[]> = { start: [JAVA], test: [JAVA, CHROMIUM] };

const onDebianOrUbuntu = (): boolean => {
  try {
    return /^ID(_LIKE)?=.*\b(debian|ubuntu)\b/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
};

const mayInstall = (): boolean => {
  const setting = process.env.DVCP_PREFLIGHT_INSTALL;
  return setting === '1' || (setting !== '0' && onDebianOrUbuntu());
};

/** Runs apt-get as root (through sudo when not root); true when it succeeded. */
const aptGet = (args: readonly string[]): boolean => {
  const root = process.getuid?.() === 0;
  const command = root ? ['apt-get', ...args] : ['sudo', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
  console.log(`preflight: ${command.join(' ')}`);
  const run = spawnSync(command[0]!, command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (run.error) console.error(`preflight: could not run ${command[0]}: ${run.error.message}`);
  return run.status === 0;
};

const install = (pieces: readonly Piece[]): boolean => {
  for (const piece of pieces) {
    console.log(`preflight: ${piece.name} is missing (${piece.problem()}); ${piece.why}. Installing ${piece.aptPackage}.`);
  }
  const packages = pieces.map((piece) => piece.aptPackage);
  return aptGet(['update']) && aptGet(['install', '-y', '--no-install-recommends', ...packages]);
};

/** Prints the one message that stops the command; returns its exit code. */
const stop = (command: string, pieces: readonly Piece[], note: string): number => {
  const lines = [`${command} cannot run; missing on this machine${note}:`];
  for (const piece of pieces) {
    lines.push(`  - ${piece.name} (${piece.problem()}): ${piece.why}.`);
    lines.push(`    Install it: sudo apt-get install -y --no-install-recommends ${piece.aptPackage}  (Debian/Ubuntu; ${piece.elsewhere})`);
  }
  console.error(lines.join('\n'));
  return 1;
};

const main = (mode: string | undefined): number => {
  if (mode !== 'start' && mode !== 'test') {
    console.error('usage: tsx scripts/preflight.ts start|test');
    return 2;
  }
  const command = `npm ${mode}`;
  const missing = NEEDS[mode].filter((piece) => piece.problem() !== undefined);
  if (missing.length === 0) return 0;
  if (!mayInstall()) return stop(command, missing, '');
  const installed = install(missing);
  const still = missing.filter((piece) => piece.problem() !== undefined);
  if (still.length > 0) return stop(command, still, installed ? ' (apt-get ran, but did not provide it)' : ' (apt-get failed; see above)');
  console.log(`preflight: installed ${missing.map((piece) => piece.aptPackage).join(', ')}.`);
  return 0;
};

process.exitCode = main(process.argv[2]);

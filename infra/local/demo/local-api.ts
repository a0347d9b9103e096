import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkingCalendar, type WorkingCalendarConfig } from '#shared/calendar/working-days.js';
import { DAY_MS, vietnamDate, vietnamDayAt } from '#shared/clock.js';

/**
 * What the demo scripts share: the running local system's API and outbox (`API_URL`, `SES_URL`,
 * default `http://localhost:3000` and `http://localhost:8005`, as `npm start` prints them), its
 * clock (`GET /_local/clock`: every date a demo uses is computed from it, so a demo works wherever
 * the clock stands), the working calendar the local stack runs on (cdk.json's `dev` stage), and
 * one way to fail: a plain sentence on stderr and exit code 1, never a stack trace.
 */
export const api = (process.env.API_URL ?? 'http://localhost:3000').replace(/\/$/, '');
export const ses = (process.env.SES_URL ?? 'http://localhost:8005').replace(/\/$/, '');

/** Something the demo cannot get past, said in one sentence. */
export class DemoError extends Error {}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The working calendar of the local stack (`cdk.json`, stage `dev`): weekends, public holidays and the announced days off. */
export const localCalendar = (): WorkingCalendar => {
  const cdk = JSON.parse(readFileSync(path.join(root, 'cdk.json'), 'utf8')) as { context: { stages: { dev: { calendar?: WorkingCalendarConfig } } } };
  return new WorkingCalendar(cdk.context.stages.dev.calendar);
};

const reach = async (url: string, init?: RequestInit): Promise<Response> => {
  try {
    return await fetch(url, init);
  } catch {
    throw new DemoError(`Cannot reach ${new URL(url).origin}: is \`npm start\` running? (Set API_URL and SES_URL when it runs on other ports.)`);
  }
};

// Demos read answers of many shapes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers
export const call = async (method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> => {
  const response = await reach(`${api}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (a page): kept as text.
  }
  return { status: response.status, body: parsed };
};

/** The answer's body when it has the expected status; otherwise the API's own message. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers
export const expectStatus = async (method: string, route: string, status: number, body?: unknown): Promise<any> => {
  const result = await call(method, route, body);
  if (result.status !== status) {
    const message = (result.body as { error?: { message?: string } } | undefined)?.error?.message ?? JSON.stringify(result.body);
    throw new DemoError(`${method} ${route} answered ${result.status}: ${message}`);
  }
  return result.body;
};

/** Returns once the system is quiet (the clock's advance waits for it; a tenth of a second changes nothing else). */
export const settle = async (): Promise<void> => {
  await expectStatus('POST', '/_local/clock/advance', 200, { days: 0.1 / 86_400 });
};

/** The local clock, in epoch ms. */
export const clockNow = async (): Promise<number> => Date.parse((await expectStatus('GET', '/_local/clock', 200)).now);

/** Today on the local clock, as a day in Vietnam. */
export const today = async (): Promise<string> => vietnamDate(await clockNow());

/** Lives through the days up to 08:00 in Vietnam on `date` (its 07:00 tick has run); nothing when the clock is past it. */
export const advanceTo = async (date: string): Promise<void> => {
  const days = (vietnamDayAt(date, 8) - (await clockNow())) / DAY_MS;
  if (days <= 0) return;
  await expectStatus('POST', '/_local/clock/advance', 200, { days });
  console.log(`  the local clock lived through to ${date}, 08:00`);
};

export interface OutboxEmail {
  readonly subject: string;
  readonly destination: { to: string[] };
  readonly body: { text?: string };
}

export const outbox = async (): Promise<OutboxEmail[]> => ((await (await reach(`${ses}/store`)).json()) as { emails: OutboxEmail[] }).emails;

/** Runs a demo: a DemoError (or anything else) ends it with one sentence on stderr and exit code 1. */
export const runDemo = async (name: string, demo: () => Promise<void>): Promise<void> => {
  try {
    await demo();
  } catch (error) {
    process.stderr.write(`${name}: ${error instanceof DemoError ? error.message : `stopped on an unexpected error: ${(error as Error).message}`}\n`);
    process.exitCode = 1;
  }
};

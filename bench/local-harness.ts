import { type LocalSystem, startLocalSystem } from '../infra/local/system.js';
import { documentClient } from '#shared/clients.js';
import { CachedKeys, parseSigningKeys } from '#shared/links/keys.js';
import { csrfFor, signLink } from '#shared/links/tokens.js';
import { stepKind } from '#shared/steps/kind/index.js';
import { programSubject } from '#shared/subject-ref.js';
import { DynamoDbMeter, type DynamoDbUsage } from './dynamodb-meter.js';

/** What one Lambda function ran: invocations and their summed duration (wall time here, on the local stand-ins). */
export interface InvocationTally {
  count: number;
  ms: number;
}

/** Everything the cost model needs, counted while the system runs. */
export interface Tally {
  readonly dynamodb: DynamoDbUsage;
  readonly transitions: number;
  readonly invocations: Readonly<Record<string, InvocationTally>>;
  readonly emails: number;
}

/** No request of the benchmark waits forever: a stuck one fails the run with its path. */
const REQUEST_TIMEOUT_MS = 120_000;
const timeout = () => AbortSignal.timeout(REQUEST_TIMEOUT_MS);

/**
 * The local system (the same one `npm start` and the tests run) with the benchmark's counters on:
 * DynamoDB requests and capacity at the document client, state transitions and Lambda tasks in the
 * local Step Functions, API invocations at the HTTP boundary, emails in the local outbox.
 */
export class BenchSystem {
  readonly meter = new DynamoDbMeter();
  private transitions = 0;
  private readonly invocations: Record<string, InvocationTally> = {};
  private emailsCounted = 0;
  // The bench signs links as the system does (same secret), so no test has to dig them out of emails.
  private readonly keys: CachedKeys;

  private constructor(
    readonly system: LocalSystem,
    counting: boolean,
  ) {
    // The throughput runs without the counters: the system as it runs, nothing of the bench's in its thread.
    if (counting) this.attachCounters(system);
    this.keys = new CachedKeys({ load: async () => parseSigningKeys(system.secrets.get(system.linkKeySecretId)!) });
  }

  private attachCounters(system: LocalSystem) {
    this.meter.attach(documentClient());
    system.stepFunctions.observe({
      transition: () => {
        this.transitions += 1;
      },
      lambdaInvoked: (functionArn, ms) => this.invoked(functionArn.split(':').pop()!, ms),
    });
  }

  /** `counting: false` leaves the DynamoDB meter and the Step Functions observer off. */
  static async start(startAt = Date.parse('2026-03-02T01:00:00Z'), { counting = true } = {}): Promise<BenchSystem> {
    return new BenchSystem(await startLocalSystem({ startAt }), counting);
  }

  async stop(): Promise<void> {
    await this.system.stop();
  }

  private invoked(functionName: string, ms: number) {
    const tally = (this.invocations[functionName] ??= { count: 0, ms: 0 });
    tally.count += 1;
    tally.ms += ms;
  }

  /** The emails sent since the last call, counted; the outbox is emptied as it is read, so it never grows. */
  async drainOutbox(): Promise<{ destination: { to: string[] }; subject: string; body: { text?: string } }[]> {
    const response = await fetch(`${this.system.sesUrl}/store`, { signal: timeout() });
    const { emails } = (await response.json()) as { emails: { destination: { to: string[] }; subject: string; body: { text?: string } }[] };
    await fetch(`${this.system.sesUrl}/clear-store`, { method: 'POST', signal: timeout() });
    this.emailsCounted += emails.length;
    return emails;
  }

  /** Emails sent since the start. */
  async emailsSent(): Promise<number> {
    await this.drainOutbox();
    return this.emailsCounted;
  }

  async tally(): Promise<Tally> {
    return {
      dynamodb: this.meter.reading(),
      transitions: this.transitions,
      invocations: structuredClone(this.invocations),
      emails: await this.emailsSent(),
    };
  }

  /** A JSON request to the HTTP API, timed and tallied as one invocation of the API function. */
  async api(method: string, path: string, body?: unknown, functionName = 'api'): Promise<{ status: number; body: unknown }> {
    const started = performance.now();
    const response = await fetch(`${this.system.apiUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: timeout(),
    });
    const text = await response.text();
    this.invoked(functionName, performance.now() - started);
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async expectApi(method: string, path: string, body: unknown, status: number): Promise<unknown> {
    const result = await this.api(method, path, body);
    if (result.status !== status) throw new Error(`${method} ${path} answered ${result.status}, expected ${status}: ${JSON.stringify(result.body)}`);
    return result.body;
  }

  /** The link the system emails to `officialId` for a program's step (signed with the system's own key). */
  async linkTo(programId: string, stepId: string, officialId: string): Promise<string> {
    const kind = stepKind(stepId.split('.')[1]!.split('-r')[0]!);
    const token = await signLink(this.keys, { subject: programSubject(programId), stepId, officialId, actions: Object.keys(kind.actions) });
    return `${this.system.apiUrl}/a/${token}`;
  }

  /** Opens a link's page, as a person does before deciding. */
  async view(link: string): Promise<number> {
    const started = performance.now();
    const response = await fetch(link, { signal: timeout() });
    await response.text();
    this.invoked('ActionLinks', performance.now() - started);
    return response.status;
  }

  /**
   * Presses a button on a link's page, with the form's fields (the CSRF field is the page's own).
   * Answers the status (303 when recorded) and, when the page came back with errors, what they say.
   */
  async decide(link: string, action: string, comment = '', fields: readonly [string, string][] = []): Promise<{ status: number; summary: string }> {
    const token = link.slice(link.lastIndexOf('/') + 1);
    const form = new URLSearchParams([['csrf', await csrfFor(this.keys, token)], ['action', action], ['comment', comment], ...fields]);
    const started = performance.now();
    const response = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual', signal: timeout() });
    const page = await response.text();
    this.invoked('ActionLinks', performance.now() - started);
    const errors = [...page.matchAll(/class="(?:error|field-error)[^"]*"[^>]*>([^<]+)</g)].map((match) => match[1]).join('; ');
    return { status: response.status, summary: errors || page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300) };
  }

  /** The CSRF field the page behind a link carries. */
  async csrf(link: string): Promise<string> {
    return csrfFor(this.keys, link.slice(link.lastIndexOf('/') + 1));
  }

  async settle(): Promise<void> {
    await this.system.clock.settle();
  }

  async advanceDays(days: number): Promise<void> {
    await this.system.advanceDays(days);
  }
}

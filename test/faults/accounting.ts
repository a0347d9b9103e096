import { csrfOf, getPage, linkIn, type OutboxEmail, threePartyDirectory } from '../local/helpers.js';

/**
 * What the fault suites need from a running local system, in-process or a child process: its HTTP
 * API and outbox, officials acting on their links, and the audit of a run: every decision and
 * every email accounted for in the programs' audit trails.
 */
export class Client {
  /** Decisions the system acknowledged (a 303 to the outcome page), by program and official. */
  readonly acknowledged: { programId: string; officialId: string }[] = [];
  serverErrors = 0;
  requests = 0;

  constructor(
    readonly api: string,
    readonly ses: string,
  ) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers in tests
  async request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    this.requests += 1;
    const response = await fetch(`${this.api}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 500) this.serverErrors += 1;
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async expect(status: number, method: string, path: string, body?: unknown) {
    const result = await this.request(method, path, body);
    if (result.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${result.status}: ${JSON.stringify(result.body)}`);
    return result.body;
  }

  /** Lets the system finish what it is doing (advancing the local clock by one second settles it before and after). */
  async settle(): Promise<void> {
    await this.expect(200, 'POST', '/_local/clock/advance', { days: 1 / 86_400 });
  }

  async advanceDays(days: number): Promise<void> {
    await this.expect(200, 'POST', '/_local/clock/advance', { days });
  }

  async outbox(): Promise<OutboxEmail[]> {
    return ((await (await fetch(`${this.ses}/store`)).json()) as { emails: OutboxEmail[] }).emails;
  }

  /** The newest action link to `address` in an email whose subject names `title`. */
  async linkFor(address: string, title: string, subjectPart = ''): Promise<string> {
    const emails = (await this.outbox()).filter((e) => e.destination.to.includes(address) && e.subject.includes(`“${title}”`) && e.subject.includes(subjectPart));
    const link = emails.length > 0 ? linkIn(emails[emails.length - 1]!) : undefined;
    if (!link) throw new Error(`No link to ${address} about "${title}" ${subjectPart}`);
    return link;
  }

  /**
   * An official presses a button. A 5xx is counted and the official tries again, as the error page
   * asks; an answer that never came (the process was killed) is returned as status 0.
   */
  async act(link: string, programId: string, officialId: string, action: string, comment = '', extra: [string, string][] = []): Promise<number> {
    for (let attempt = 1; ; attempt += 1) {
      let status: number;
      try {
        const page = await getPage(link);
        if (page.status !== 200) return page.status;
        const form = new URLSearchParams([['csrf', csrfOf(page.html)], ['action', action], ['comment', comment], ...extra]);
        this.requests += 1;
        const response = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual' });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        return 0;
      }
      if (status === 303) this.acknowledged.push({ programId, officialId });
      if (status < 500 || attempt === 3) return status;
      this.serverErrors += 1;
    }
  }
}

export interface ProgramEvent {
  readonly kind: string;
  readonly stepId?: string;
  readonly actorId?: string;
  readonly detail?: Record<string, unknown>;
}

export interface Audit {
  readonly decisionsLost: number;
  readonly decisionsDoubled: number;
  readonly emailsUnaccounted: number;
  /** `email_failed` events: sends given up on after the SDK's retries, each counted for the operator's alarm. */
  readonly emailsFailed: number;
  readonly findings: string[];
}

/**
 * Compares what people were told with what the trails say: an acknowledged decision with no event is
 * lost; two decision events on one step are doubled; an email in the outbox with no `email_sent`
 * event (or an event whose email is not in the outbox) is unaccounted, unless an `email_unconfirmed`
 * event to its recipient says a task stopped right after sending it.
 */
export const auditPrograms = async (client: Client, programIds: readonly string[], everyProgramId: readonly string[] = programIds): Promise<Audit> => {
  const findings: string[] = [];
  let decisionsLost = 0;
  let decisionsDoubled = 0;
  let emailsFailed = 0;
  const sentIds = new Set<string>();
  /** Recipients (addresses) of emails a stopped task may have sent before recording them (`email_unconfirmed`). */
  const unconfirmed: string[] = [];
  const addressOf = (officialId: string) => threePartyDirectory.officials.find((o) => o.id === officialId)?.email ?? officialId;
  for (const programId of new Set([...programIds, ...everyProgramId])) {
    const events = (await client.expect(200, 'GET', `/v1/programs/${programId}/events`)).events as ProgramEvent[];
    for (const event of events) {
      if (event.kind === 'email_sent') sentIds.add(String(event.detail?.messageId));
      if (event.kind === 'email_unconfirmed') unconfirmed.push(addressOf(String(event.detail?.to)));
    }
    if (!programIds.includes(programId)) continue;
    const decisions = events.filter((e) => e.kind === 'decision');
    const perStep = new Map<string, number>();
    for (const decision of decisions) perStep.set(decision.stepId ?? '', (perStep.get(decision.stepId ?? '') ?? 0) + 1);
    for (const [stepId, count] of perStep) {
      if (count > 1) {
        decisionsDoubled += count - 1;
        findings.push(`${programId}: ${count} decisions on ${stepId}`);
      }
    }
    const acknowledged = client.acknowledged.filter((a) => a.programId === programId);
    for (const officialId of new Set(acknowledged.map((a) => a.officialId))) {
      const told = acknowledged.filter((a) => a.officialId === officialId).length;
      const recorded = decisions.filter((d) => d.actorId === officialId).length;
      if (recorded < told) {
        decisionsLost += told - recorded;
        findings.push(`${programId}: ${officialId} was told ${told} decision(s) were recorded; the trail has ${recorded}`);
      }
    }
    emailsFailed += events.filter((event) => event.kind === 'email_failed').length;
  }
  // Every email of the system under test is about its programs (`everyProgramId`; digests list several at once).
  const ours = await client.outbox();
  const inOutbox = new Set(ours.map((email) => email.messageId));
  let emailsUnaccounted = 0;
  for (const email of ours) {
    if (!sentIds.has(email.messageId)) {
      const explained = unconfirmed.indexOf(email.destination.to[0] ?? '');
      if (explained >= 0) {
        unconfirmed.splice(explained, 1);
        continue;
      }
      emailsUnaccounted += 1;
      findings.push(`email "${email.subject}" to ${email.destination.to.join(', ')} has no email_sent event`);
    }
  }
  for (const id of sentIds) {
    if (!inOutbox.has(id)) {
      emailsUnaccounted += 1;
      findings.push(`email_sent ${id} is not in the outbox`);
    }
  }
  return { decisionsLost, decisionsDoubled, emailsUnaccounted, emailsFailed, findings };
};

/** The three-party program under its own id, its title naming the id (so emails about it can be told apart). */
export const programNamed = (id: string) => ({ ...threePartyDirectory.program, id, title: `${threePartyDirectory.program.title} (${id})` });

export const reviewers = [
  { id: 'ca-reviewer', email: 'ca.reviewer@example.vn' },
  { id: 'bp-reviewer', email: 'bp.reviewer@example.vn' },
] as const;
export const heads = [
  { id: 'bdv-head', email: 'bdv.head@example.vn' },
  { id: 'ca-head', email: 'ca.head@example.vn' },
  { id: 'bp-head', email: 'bp.head@example.vn' },
] as const;
export const drafter = { id: 'bdv-focal', email: 'bdv.focal@example.vn' } as const;

/** Every reviewer approves and every head signs (from whatever stage the program is at), then the system settles. */
export const finishProgram = async (client: Client, programId: string): Promise<void> => {
  const title = programNamed(programId).title;
  const status = async () => (await client.expect(200, 'GET', `/v1/programs/${programId}`)).status as string;
  for (let round = 0; round < 6 && (await status()) !== 'active'; round += 1) {
    const view = await client.expect(200, 'GET', `/v1/programs/${programId}`);
    const open = (view.openSteps ?? view.steps ?? []) as { assigneeId: string; kind: string }[];
    if (open.length === 0) {
      await client.settle();
      continue;
    }
    for (const step of open) {
      const official = [...reviewers, ...heads, drafter].find((o) => o.id === step.assigneeId);
      if (!official) throw new Error(`${programId}: a step for ${step.assigneeId}, whom this test does not play`);
      const action = step.kind === 'review_draft' ? 'approve' : step.kind === 'sign' ? 'sign' : 'resubmit';
      await client.act(await client.linkFor(official.email, title, ''), programId, official.id, action);
    }
    await client.settle();
  }
  if ((await status()) !== 'active') throw new Error(`${programId} did not become active: ${await status()}`);
};

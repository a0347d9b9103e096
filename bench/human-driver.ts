import { DAY_MS, vietnamDate } from '#shared/clock.js';
import type { BenchSystem } from './local-harness.js';
import type { BenchProgram } from './program-scenario.js';

/** What an email's action link grants, read from the token's body (the bench does not need to verify it). */
interface LinkClaims {
  readonly programId: string;
  readonly stepId: string;
  readonly officialId: string;
  readonly actions: readonly string[];
}

const claimsOf = (link: string): LinkClaims | undefined => {
  const token = link.slice(link.lastIndexOf('/') + 1);
  const body = token.split('.')[1];
  if (!body) return undefined;
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { p: string; s: string; o: string; b?: string; a: string[] };
  // A deputy's link acts for the assignee; the bench's people always answer their own.
  if (claims.b) return undefined;
  return { programId: claims.p, stepId: claims.s, officialId: claims.o, actions: claims.a };
};

const LINK = /https?:\/\/[^\s"<]+\/a\/[A-Za-z0-9._-]+/;

interface Pending {
  readonly link: string;
  readonly claims: LinkClaims;
  readonly kind: string;
  readonly notBefore: number;
}

/**
 * The people of the benchmark: they read their email every morning and act on each request the
 * same day, as the form of each step kind asks (a plan's tasks, a report's figures, a conference's
 * day), approving and signing everything. A conference's outcome waits for the day after it.
 */
export class People {
  private readonly pending: Pending[] = [];
  private readonly seen = new Set<string>();
  private readonly conferenceDay = new Map<string, string>();
  private readonly reports = new Map<string, number>();
  decisions = 0;
  emails = 0;

  constructor(
    private readonly bench: BenchSystem,
    private readonly programs: ReadonlyMap<string, BenchProgram>,
  ) {}

  /** Reads the new emails, then acts on every request that is due; until no new request arrives. */
  async actOnEverythingDue(): Promise<number> {
    let acted = 0;
    for (;;) {
      await this.bench.settle();
      this.readInbox(await this.bench.drainOutbox());
      const now = this.bench.system.clock.now();
      const due = this.pending.filter((item) => item.notBefore <= now);
      if (due.length === 0) return acted;
      for (const item of due) this.pending.splice(this.pending.indexOf(item), 1);
      for (const item of due) await this.act(item);
      acted += due.length;
    }
  }

  /** When the next postponed request falls due (a conference's outcome), if any. */
  nextDueAt(): number | undefined {
    return this.pending.length ? Math.min(...this.pending.map((item) => item.notBefore)) : undefined;
  }

  private readInbox(emails: readonly { body: { text?: string } }[]) {
    this.emails += emails.length;
    for (const email of emails) {
      const link = LINK.exec(email.body.text ?? '')?.[0];
      const claims = link && claimsOf(link);
      if (!link || !claims || claims.actions.length === 0 || this.seen.has(claims.stepId) || !this.programs.has(claims.programId)) continue;
      this.seen.add(claims.stepId);
      const kind = /^.*\.([a-z_]+)-r\d+-.*$/.exec(claims.stepId)?.[1] ?? 'unknown';
      const stageId = claims.stepId.split('.')[0]!;
      const conference = this.conferenceDay.get(`${claims.programId}/${stageId}`);
      const notBefore = kind.startsWith('record_') && conference ? Date.parse(`${conference}T01:00:00Z`) + DAY_MS : 0;
      this.pending.push({ link, claims, kind, notBefore });
    }
  }

  private async act({ link, claims, kind }: Pending) {
    const program = this.programs.get(claims.programId)!;
    const stageId = claims.stepId.split('.')[0]!;
    const [action, fields] = this.answer(kind, program, stageId, claims);
    const result = await this.bench.decide(link, action, '', fields);
    if (result.status !== 303) throw new Error(`${claims.officialId} could not ${action} ${claims.stepId}: ${result.status} ${result.summary}`);
    this.decisions += 1;
  }

  private answer(kind: string, program: BenchProgram, stageId: string, claims: LinkClaims): [string, [string, string][]] {
    const lead = program.parties.find((party) => party.organizationId === program.leadOrganizationId)!;
    const today = vietnamDate(this.bench.system.clock.now());
    switch (kind) {
      case 'review_draft':
      case 'review_plan':
      case 'approve_outcome':
        return ['approve', []];
      case 'sign':
      case 'sign_plan':
        return ['sign', []];
      case 'draft_plan': {
        const year = stageId.split('-')[1]!;
        const tasks = program.parties.map((party, index) => [
          ['tasks.text', `Nhiệm vụ phối hợp số ${index + 1} năm ${year}: tuyên truyền, vận động Nhân dân.`],
          ['tasks.responsibleOrganizationId', party.organizationId],
          ['tasks.dueDate', `${year}-${String(3 + index * 2).padStart(2, '0')}-28`],
        ]);
        return ['submit', tasks.flat() as [string, string][]];
      }
      case 'submit_report': {
        // Figures grow with every report, so none is lower than the party's last one.
        const key = `${program.id}/${claims.officialId}`;
        const scale = (this.reports.get(key) ?? 0) + 1;
        this.reports.set(key, scale);
        return ['submit', [['narrative', `Báo cáo kết quả thực hiện chương trình (kỳ ${scale}).`], ['models', String(10 * scale)], ['sessions', String(100 * scale)]]];
      }
      case 'set_conference': {
        const day = vietnamDate(Date.parse(`${today}T01:00:00Z`) + 10 * DAY_MS);
        this.conferenceDay.set(`${program.id}/${stageId}`, day);
        return ['set', [['date', day], ['time', '08:00'], ['place', 'Hội trường cơ quan chủ trì'], ['chairId', lead.signatoryId]]];
      }
      case 'record_outcome':
      case 'record_final_outcome':
        return ['record', [['summary', 'Các bên đã hoàn thành các chỉ tiêu đề ra.']]];
      default:
        throw new Error(`The bench's people do not know how to answer a ${kind} step (${claims.stepId}).`);
    }
  }
}

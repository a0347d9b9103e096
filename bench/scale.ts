import { readdirSync, readFileSync } from 'node:fs';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DAY_MS } from '#shared/clock.js';
import { writeMilestones } from '#shared/stages/cosign/milestones.js';
import { createOfficial, createOrganization } from '#shared/directory.js';
import { defaultDeps } from '#shared/deps.js';
import { programChange } from '#shared/store/programs.js';
import { createProgram } from '#shared/programs/service.js';
import { store } from '#shared/store/table.js';
import { RequestTally } from './dynamodb-meter.js';
import { People } from './human-driver.js';
import { BenchSystem } from './local-harness.js';
import type { BenchParty, BenchProgram } from './program-scenario.js';
import { median } from './stats.js';

export interface Scale {
  readonly livePrograms: number;
  readonly programsInTable: number;
  readonly organizations: number;
  readonly officials: number;
  readonly days: number;
  readonly wallMs: number;
  readonly setupMs: number;
  readonly decisions: number;
  readonly humanStepsPerSecond: number;
  readonly peakRssMb: number;
  readonly peakDynamoDbLocalMb: number | undefined;
  readonly itemsInTable: { readonly start: number; readonly end: number };
  /** What each day's tick read: items returned to it, per tick; the busiest tick. */
  readonly tickItemsRead: { readonly median: number; readonly max: number; readonly total: number };
  readonly tickRequests: { readonly median: number; readonly max: number };
  /** The day whose tick read the most, and what it read. */
  readonly busiestTick: { readonly date: string; readonly itemsRead: number; readonly requests: number };
}

const PROVINCES = 63;
const DISTRICTS = 700;
const BORDER_PROVINCES = 25;

/** The directory of the country's coordination: every province's and district's agencies, a focal point and a head each. */
export const seedDirectory = async () => {
  const db = store();
  const units: { id: string; kinds: string[]; level: 'tinh' | 'huyen'; place: string }[] = [];
  for (let p = 1; p <= PROVINCES; p++) {
    const kinds = ['dan_van', 'cong_an', 'quan_su', ...(p <= BORDER_PROVINCES ? ['bien_phong'] : [])];
    units.push({ id: `t${p}`, kinds, level: 'tinh', place: `Tỉnh ${p}` });
  }
  for (let d = 1; d <= DISTRICTS; d++) units.push({ id: `h${d}`, kinds: ['dan_van', 'cong_an', 'quan_su'], level: 'huyen', place: `Huyện ${d}, tỉnh ${1 + (d % PROVINCES)}` });
  let organizations = 0;
  let officials = 0;
  const partiesOf = new Map<string, BenchParty[]>();
  for (const unit of units) {
    const parties: BenchParty[] = [];
    for (const kind of unit.kinds) {
      const organizationId = `${unit.id}-${kind}`;
      await createOrganization(db, { id: organizationId, name: `${kind} ${unit.place}`, kind, level: unit.level, locality: unit.place });
      for (const role of ['focal', 'head']) {
        const id = `${organizationId}-${role}`;
        await createOfficial(db, { id, name: `Cán bộ ${role} ${organizationId}`, title: role === 'head' ? 'Thủ trưởng' : 'Chuyên viên', email: `${id}@scale.example.vn`, organizationId });
        officials += 1;
      }
      organizations += 1;
      parties.push({ organizationId, focalPointId: `${organizationId}-focal`, signatoryId: `${organizationId}-head` });
    }
    partiesOf.set(unit.id, parties);
  }
  return { units, partiesOf, organizations, officials };
};

/**
 * An active program, as its co-sign leaves it: created through the service, made active with its
 * signatures in one locked change, and its milestones written. `startYear` decides when its stages fall.
 */
export const seedActiveProgram = async (id: string, parties: readonly BenchParty[], startYear: number, signedAt: string): Promise<BenchProgram> => {
  const db = store();
  const program = await createProgram(db, {
    id,
    title: `Chương trình phối hợp ${id} giai đoạn ${startYear}–${startYear + 4}`,
    leadOrganizationId: parties[0]!.organizationId,
    period: { startYear, endYear: startYear + 4 },
    planSignatures: true,
    parties: parties.map((party) => ({ organizationId: party.organizationId, focalPointId: party.focalPointId, reviewerId: party.focalPointId, signatoryId: party.signatoryId })),
    contentItems: parties.map((party) => ({ text: 'Tuyên truyền, vận động Nhân dân.', responsibleOrganizationId: party.organizationId })),
  });
  const signatures = Object.fromEntries(parties.map((party) => [party.organizationId, { organizationId: party.organizationId, signedBy: party.signatoryId, at: signedAt }]));
  await db.transact([programChange(db, program, { status: 'active', signatures, signedAt })]);
  await writeMilestones({ ...defaultDeps(), db }, { ...program, status: 'active' }, Date.parse(signedAt), { noneWrittenYet: true });
  return { id, parties, leadOrganizationId: parties[0]!.organizationId };
};

const countItems = async (endpoint: string, tableName: string): Promise<number> => {
  // The benchmark may scan (the system never does): how many items the tick could have read.
  const client = new DynamoDBClient({ endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, Select: 'COUNT', ExclusiveStartKey: start }));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  client.destroy();
  return count;
};

/** DynamoDB Local's peak resident memory (VmHWM) for the JVM answering on this port, if /proc tells. */
const dynamoDbLocalPeakMb = (port: string): number | undefined => {
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!commandLine.includes('DynamoDBLocal') || !commandLine.includes(`-port\0${port}`)) continue;
      const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return peak ? Number(peak) / 1024 : undefined;
    } catch {
      // The process ended meanwhile.
    }
  }
  return undefined;
};

/**
 * `livePrograms` active programs (two to four parties, provincial and district) through one year
 * on the local clock, their people acting on each request the morning it arrives; the table also
 * holds the whole directory and, up to `programsInTable`, active programs whose stages start
 * later, so each daily tick's reads are measured against a full table.
 */
export const runScale = async ({ livePrograms, programsInTable }: { livePrograms: number; programsInTable: number }): Promise<Scale> => {
  const setupStarted = performance.now();
  const bench = await BenchSystem.start(Date.parse('2025-12-10T01:00:00Z'));
  try {
    const { units, partiesOf, organizations, officials } = await seedDirectory();
    const live = new Map<string, BenchProgram>();
    for (let index = 0; index < programsInTable; index++) {
      const unit = units[index % units.length]!;
      const all = partiesOf.get(unit.id)!;
      // Two to four parties: the Ban Dân vận leads, with one to three of the unit's other agencies.
      const parties = all.slice(0, Math.min(all.length, 2 + (index % 3)));
      const startYear = index < livePrograms ? 2026 : 2028;
      const program = await seedActiveProgram(`sc${index}`, parties, startYear, new Date(bench.system.clock.now()).toISOString());
      if (index < livePrograms) live.set(program.id, program);
    }
    const { dynamoDbEndpoint, tableName } = bench.system;
    const itemsAtStart = await countItems(dynamoDbEndpoint, tableName);
    const setupMs = performance.now() - setupStarted;

    const people = new People(bench, live);
    const ticks: RequestTally[] = [];
    const tickDates: string[] = [];
    let peakRss = process.memoryUsage().rss;
    const started = performance.now();
    await bench.advanceDays((Date.parse('2026-01-01T01:00:00Z') - bench.system.clock.now()) / DAY_MS);
    for (let day = 0; day < 365; day++) {
      const tick = new RequestTally();
      await bench.meter.within(tick, () => bench.advanceDays(1));
      ticks.push(tick);
      tickDates.push(new Date(bench.system.clock.now()).toISOString().slice(0, 10));
      if (process.env.BENCH_TRACE_TICKS && tick.requests > 10) process.stderr.write(`[tick] ${tickDates.at(-1)}: ${tick.requests} requests, ${tick.itemsRead} items\n`);
      await people.actOnEverythingDue();
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const wallMs = performance.now() - started;
    const items = ticks.map((tick) => tick.itemsRead);
    return {
      livePrograms,
      programsInTable,
      organizations,
      officials,
      days: 365,
      wallMs,
      setupMs,
      decisions: people.decisions,
      humanStepsPerSecond: people.decisions / (wallMs / 1000),
      peakRssMb: peakRss / 1024 / 1024,
      peakDynamoDbLocalMb: dynamoDbLocalPeakMb(new URL(dynamoDbEndpoint).port),
      itemsInTable: { start: itemsAtStart, end: await countItems(dynamoDbEndpoint, tableName) },
      tickItemsRead: { median: median(items), max: Math.max(...items), total: items.reduce((sum, n) => sum + n, 0) },
      tickRequests: { median: median(ticks.map((tick) => tick.requests)), max: Math.max(...ticks.map((tick) => tick.requests)) },
      busiestTick: (() => {
        const at = items.indexOf(Math.max(...items));
        return { date: tickDates[at]!, itemsRead: items[at]!, requests: ticks[at]!.requests };
      })(),
    };
  } finally {
    await bench.stop();
  }
};

import { difference, type DynamoDbUsage } from './dynamodb-meter.js';
import type { BenchSystem } from './local-harness.js';

/** A party of a benchmark program: its organization and the three people the co-sign stage asks. */
export interface BenchParty {
  readonly organizationId: string;
  readonly focalPointId: string;
  readonly signatoryId: string;
}

export interface BenchProgram {
  readonly id: string;
  readonly parties: readonly BenchParty[];
  readonly leadOrganizationId: string;
}

/**
 * Creates the directory and the draft of one program with `partyCount` parties (the first leads);
 * `province`/`district` only make the names realistic. The focal point also reviews for their party.
 */
export const createProgram = async (
  bench: BenchSystem,
  key: string,
  partyCount: number,
  { place = 'Đắk Nông', period = { startYear: 2026, endYear: 2030 }, planSignatures = false } = {},
): Promise<BenchProgram> => {
  const kinds = ['dan_van', 'cong_an', 'quan_su', 'bien_phong'] as const;
  const names = ['Ban Dân vận', 'Công an', 'Ban Chỉ huy Quân sự', 'Bộ đội Biên phòng'];
  const parties: BenchParty[] = [];
  for (let index = 0; index < partyCount; index++) {
    const organizationId = `${key}-o${index}`;
    await bench.expectApi('POST', '/v1/organizations', { id: organizationId, name: `${names[index]} ${place}`, kind: kinds[index], level: 'huyen', locality: place }, 201);
    const official = async (role: string, title: string) => {
      const id = `${organizationId}-${role}`;
      await bench.expectApi('POST', '/v1/officials', { id, name: `Nguyễn Văn ${role.toUpperCase()} ${index}`, title, email: `${id}@bench.example.vn`, organizationId }, 201);
      return id;
    };
    parties.push({ organizationId, focalPointId: await official('focal', 'Chuyên viên'), signatoryId: await official('head', 'Trưởng ban') });
  }
  const program: BenchProgram = { id: `${key}-p`, parties, leadOrganizationId: parties[0]!.organizationId };
  await bench.expectApi(
    'POST',
    '/v1/programs',
    {
      id: program.id,
      title: `Chương trình phối hợp công tác dân vận ${place} giai đoạn ${period.startYear}–${period.endYear}`,
      leadOrganizationId: program.leadOrganizationId,
      period,
      ...(planSignatures ? { planSignatures } : {}),
      objectives: 'Nâng cao hiệu quả công tác dân vận, giữ vững an ninh trật tự ở cơ sở.',
      parties: parties.map((party) => ({ organizationId: party.organizationId, focalPointId: party.focalPointId, reviewerId: party.focalPointId, signatoryId: party.signatoryId })),
      contentItems: parties.map((party, index) => ({ text: `Nội dung phối hợp số ${index + 1}: tuyên truyền, vận động Nhân dân.`, responsibleOrganizationId: party.organizationId })),
    },
    201,
  );
  return program;
};

export const reviewStepId = (program: BenchProgram, party: BenchParty, round = 1) => `cosign-1.review_draft-r${round}-${party.organizationId}`;
export const signStepId = (program: BenchProgram, party: BenchParty, round = 2) => `cosign-1.sign-r${round}-${party.organizationId}`;

/** The DynamoDB usage of each part of one program's way from submit to `active`, every party approving and signing. */
export interface ProgramRun {
  readonly submit: DynamoDbUsage;
  /** The page behind a link, as the reviewer opens it (GET). */
  readonly reviewPage: DynamoDbUsage;
  readonly signPage: DynamoDbUsage;
  /** A decision that leaves its round open: the POST and all the system does after it until it is quiet. */
  readonly decisionOpen: DynamoDbUsage;
  /** The approval that closes the review round, with what follows: the signing round opened (a step per party). */
  readonly reviewCloses: DynamoDbUsage;
  /** The signature that closes the signing round, with what follows: the program activated, its milestones written. */
  readonly signingCloses: DynamoDbUsage;
  /** Submit, then every decision (POSTs only) and all the workflow does, until `active`. */
  readonly wholeProgram: DynamoDbUsage;
  /** The same with every person's page view before their decision. */
  readonly wholeProgramWithPages: DynamoDbUsage;
}

const settled = async (bench: BenchSystem, work: () => Promise<unknown>): Promise<DynamoDbUsage> =>
  bench.meter.measure(async () => {
    await work();
    await bench.settle();
  });

const expectStatus = (what: string, status: number, expected: number) => {
  if (status !== expected) throw new Error(`${what} answered ${status}, expected ${expected}.`);
};

/**
 * Drives one program through the co-sign stage, every party's reviewer approving and every head
 * signing, measuring each part on its own (nothing else runs meanwhile). With two parties the one
 * review closes its round; the first signature leaves the signing round open, the last closes it.
 */
export const runProgramToActive = async (bench: BenchSystem, program: BenchProgram): Promise<ProgramRun> => {
  const start = bench.meter.reading();
  const submit = await settled(bench, async () => expectStatus('submit', (await bench.api('POST', `/v1/programs/${program.id}/submit`, undefined, 'ProgramsApi')).status, 202));
  const reviewers = program.parties.filter((party) => party.organizationId !== program.leadOrganizationId);
  let pages = difference(bench.meter.reading(), bench.meter.reading());
  let reviewPage = pages;
  let reviewCloses = pages;
  let signingCloses = pages;
  let decisionOpen: DynamoDbUsage | undefined;
  const addPage = (usage: DynamoDbUsage) => {
    pages = sum(pages, usage);
    return usage;
  };
  for (const [index, party] of reviewers.entries()) {
    const link = await bench.linkTo(program.id, reviewStepId(program, party), party.focalPointId);
    reviewPage = addPage(await bench.meter.measure(async () => expectStatus('review page', await bench.view(link), 200)));
    const usage = await settled(bench, async () => expectStatus('approval', (await bench.decide(link, 'approve')).status, 303));
    if (index === reviewers.length - 1) reviewCloses = usage;
    else decisionOpen ??= usage;
  }
  let signPage = pages;
  for (const [index, party] of program.parties.entries()) {
    const link = await bench.linkTo(program.id, signStepId(program, party), party.signatoryId);
    signPage = addPage(await bench.meter.measure(async () => expectStatus('signing page', await bench.view(link), 200)));
    const usage = await settled(bench, async () => expectStatus('signature', (await bench.decide(link, 'sign')).status, 303));
    if (index === program.parties.length - 1) signingCloses = usage;
    else decisionOpen ??= usage;
  }
  const wholeProgramWithPages = difference(bench.meter.reading(), start);
  const status = ((await bench.api('GET', `/v1/programs/${program.id}`)).body as { status?: string }).status;
  if (status !== 'active') throw new Error(`Program ${program.id} is ${status}, expected active.`);
  return { submit, reviewPage, signPage, decisionOpen: decisionOpen!, reviewCloses, signingCloses, wholeProgram: subtract(wholeProgramWithPages, pages), wholeProgramWithPages };
};

const sum = (a: DynamoDbUsage, b: DynamoDbUsage): DynamoDbUsage => {
  const byOperation: Record<string, number> = { ...a.byOperation };
  for (const [operation, count] of Object.entries(b.byOperation)) byOperation[operation] = (byOperation[operation] ?? 0) + count;
  return { requests: a.requests + b.requests, byOperation, readUnits: a.readUnits + b.readUnits, writeUnits: a.writeUnits + b.writeUnits, itemsRead: a.itemsRead + b.itemsRead };
};

const subtract = (a: DynamoDbUsage, b: DynamoDbUsage): DynamoDbUsage => {
  const byOperation: Record<string, number> = { ...a.byOperation };
  for (const [operation, count] of Object.entries(b.byOperation)) byOperation[operation] = (byOperation[operation] ?? 0) - count;
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    requests: a.requests - b.requests,
    byOperation,
    readUnits: round(a.readUnits - b.readUnits),
    writeUnits: round(a.writeUnits - b.writeUnits),
    itemsRead: a.itemsRead - b.itemsRead,
  };
};

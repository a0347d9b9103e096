import type { BenchSystem } from './local-harness.js';
import { conditionalPutRate, onLoadThread } from './raw-puts.js';
import { median, percentile } from './stats.js';

export interface ThroughputRound {
  readonly concurrency: number;
  readonly approvalsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** DynamoDB Local's plain conditional puts per second at the same concurrency, measured just before. */
  readonly rawPutsPerSecond: number;
  readonly ratio: number;
}

export interface Throughput {
  readonly rounds: readonly ThroughputRound[];
  /** Per concurrency: the median of the rounds (each figure on its own, the ratio of each round's pair). */
  readonly medians: readonly ThroughputRound[];
}

const PARTIES = 4;

/**
 * Open review steps to approve: programs of four parties share one directory; each submitted
 * program asks its three non-lead reviewers. Approving two of the three never closes the round,
 * so every approval is the same work: the page's POST (read, decide, complete the wait).
 */
export const prepareApprovals = async (bench: BenchSystem, count: number, run: string): Promise<string[]> => {
  const orgs = Array.from({ length: PARTIES }, (_, index) => `${run}-o${index}`);
  for (const [index, id] of orgs.entries()) {
    await bench.expectApi('POST', '/v1/organizations', { id, name: `Cơ quan ${index + 1} (${run})`, kind: index === 0 ? 'dan_van' : 'cong_an', level: 'huyen', locality: 'Đắk Nông' }, 201);
    await bench.expectApi('POST', '/v1/officials', { id: `${id}-focal`, name: `Chuyên viên ${index + 1}`, title: 'Chuyên viên', email: `${id}-focal@bench.example.vn`, organizationId: id }, 201);
    await bench.expectApi('POST', '/v1/officials', { id: `${id}-head`, name: `Trưởng ${index + 1}`, title: 'Trưởng ban', email: `${id}-head@bench.example.vn`, organizationId: id }, 201);
  }
  const links: string[] = [];
  for (let number = 0; links.length < count; number++) {
    const programId = `${run}-p${number}`;
    await bench.expectApi(
      'POST',
      '/v1/programs',
      {
        id: programId,
        title: `Chương trình phối hợp số ${number}`,
        leadOrganizationId: orgs[0],
        period: { startYear: 2026, endYear: 2030 },
        parties: orgs.map((id) => ({ organizationId: id, focalPointId: `${id}-focal`, reviewerId: `${id}-focal`, signatoryId: `${id}-head` })),
        contentItems: [{ text: 'Tuyên truyền, vận động Nhân dân.', responsibleOrganizationId: orgs[0] }],
      },
      201,
    );
    await bench.expectApi('POST', `/v1/programs/${programId}/submit`, undefined, 202);
    for (const org of orgs.slice(1, 3)) links.push(await bench.linkTo(programId, `cosign-1.review_draft-r1-${org}`, `${org}-focal`));
    if (number % 10 === 9) await bench.settle();
  }
  await bench.settle();
  return links.slice(0, count);
};

/**
 * The approvals, sent from the load-generator thread (as the officials' browsers would: the
 * system's thread serves them and pays nothing for sending them); each answers 303 when recorded.
 */
export const approveAll = async (bench: BenchSystem, links: readonly string[], concurrency: number) => {
  const posts = await Promise.all(
    links.map(async (link) => ({ link, body: new URLSearchParams([['csrf', await bench.csrf(link)], ['action', 'approve'], ['comment', '']]).toString() })),
  );
  const { seconds, latencies } = await onLoadThread({ mode: 'approvals', posts, concurrency });
  await bench.settle();
  return { approvalsPerSecond: links.length / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
};

/**
 * Approvals per second at each concurrency, next to DynamoDB Local's own conditional-put rate
 * measured in the same run just before (same JVM, same table, same moment's machine load).
 */
export const measureThroughput = async (bench: BenchSystem, { rounds = 3, perRound = { 1: 30, 8: 80 } as Record<number, number> } = {}): Promise<Throughput> => {
  const concurrencies = Object.keys(perRound).map(Number);
  const warmUp = 40;
  const total = warmUp + rounds * concurrencies.reduce((sum, c) => sum + perRound[c]!, 0);
  const links = await prepareApprovals(bench, total, `tp${Date.now().toString(36)}`);
  const { dynamoDbEndpoint, tableName } = bench.system;
  // Neither side is measured cold: DynamoDB Local's JIT and the handlers' first runs warm up first.
  await conditionalPutRate(dynamoDbEndpoint, tableName, 8, 400);
  await approveAll(bench, links.splice(0, warmUp), 8);
  const results: ThroughputRound[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const concurrency of concurrencies) {
      const count = perRound[concurrency]!;
      const rawPutsPerSecond = await conditionalPutRate(dynamoDbEndpoint, tableName, concurrency, Math.max(200, count * 5));
      const approvals = await approveAll(bench, links.splice(0, count), concurrency);
      results.push({ concurrency, ...approvals, rawPutsPerSecond, ratio: approvals.approvalsPerSecond / rawPutsPerSecond });
    }
  }
  const medians = concurrencies.map((concurrency) => {
    const of = (pick: (r: ThroughputRound) => number) => median(results.filter((r) => r.concurrency === concurrency).map(pick));
    return {
      concurrency,
      approvalsPerSecond: of((r) => r.approvalsPerSecond),
      p50Ms: of((r) => r.p50Ms),
      p99Ms: of((r) => r.p99Ms),
      rawPutsPerSecond: of((r) => r.rawPutsPerSecond),
      ratio: of((r) => r.ratio),
    };
  });
  return { rounds: results, medians };
};

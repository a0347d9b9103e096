import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OutboxEmail, TestSystem } from './helpers.js';
import { agencies, inspectionDirectory, loadInspectionDirectory, plan, unitVisit } from './inspection-fixtures.js';

/*
 * When a subject ends, the asking ends: every stage still running under it ends, every open request
 * is withdrawn with one short notice, and nobody gets another email about it — checked over the
 * 60 days that follow, on the local stand-ins.
 */
type AuditEvent = { kind: string; stepId?: string; detail?: Record<string, unknown> };
let t: TestSystem;

const outboxSize = async () => (await t.outbox()).length;
const sentSince = async (count: number): Promise<OutboxEmail[]> => (await t.outbox()).slice(count);

describe('An inspection plan whose every visit is cancelled while members confirm', () => {
  beforeAll(async () => {
    t = await TestSystem.start(Date.parse('2027-02-01T01:00:00Z'));
    await loadInspectionDirectory(t);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('ends: the plan is cancelled, the confirmations are withdrawn with one notice each, nothing is sent after', async () => {
    const id = 'kt-ending-2027';
    const created = await t.post('/v1/inspections', plan(id, [unitVisit('bdv-dn', '2027-03-09', '2027-03-10'), unitVisit('bdv-tth', '2027-03-16', '2027-03-16')]));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await t.settle();
    const focalPoints = agencies.map((agency) => inspectionDirectory.officials.find((o) => o.id === agency.focalPointId)!.email);
    for (const address of focalPoints) expect((await t.emailsTo(address)).length).toBeGreaterThan(0);

    for (const visitId of (created.body.visits as { id: string }[]).map((v) => v.id)) {
      expect((await t.post(`/v1/inspections/${id}/visits/${visitId}/cancel`)).status).toBe(200);
    }
    await t.settle();
    const inspection = (await t.get(`/v1/inspections/${id}`)).body;
    expect(inspection.status).toBe('cancelled');
    const events = (await t.get(`/v1/inspections/${id}/events`)).body.events as AuditEvent[];
    expect(events.filter((e) => e.kind === 'stage_ended')).toHaveLength(1);
    const withdrawnSteps = events.filter((e) => e.kind === 'step_cancelled');
    expect(withdrawnSteps.length).toBe(agencies.length);
    for (const address of focalPoints) {
      expect((await t.emailsTo(address)).filter((e) => e.subject.startsWith('Rút lại đề nghị: ')), address).toHaveLength(1);
    }

    const before = await outboxSize();
    await t.advanceDays(60);
    expect((await sentSince(before)).map((e) => `${e.destination.to.join(',')}: ${e.subject}`)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPage, loadThreePartyDirectory, TestSystem, threePartyDirectory } from './helpers.js';

/**
 * A focal point reviewing two programs at once: on the morning their reminders fall due, one
 * digest lists both steps with their links instead of one reminder each.
 */
let t: TestSystem;
const second = { ...threePartyDirectory.program, id: 'dn-2022-2026-b', title: 'Chương trình phối hợp bảo đảm an ninh nông thôn' };

beforeAll(async () => {
  t = await TestSystem.start(); // Monday 2 March 2026, 08:00 in Vietnam
  await loadThreePartyDirectory(t);
  for (const program of [threePartyDirectory.program, second]) {
    expect((await t.post('/v1/programs', program)).status).toBe(201);
    expect((await t.post(`/v1/programs/${program.id}/submit`)).status).toBe(202);
  }
  await t.settle();
});
afterAll(async () => {
  await t?.stop();
});

describe('The morning digest', () => {
  it('replaces the reminders of an official with several open steps by one email with every link', async () => {
    expect(await t.emailsTo('ca.reviewer@example.vn')).toHaveLength(2); // the two requests

    await t.advanceDays(3); // Thursday 5 March: both reviews are two working days from their due date
    const emails = await t.emailsTo('ca.reviewer@example.vn');
    expect(emails.map((e) => e.subject).slice(2)).toEqual(['Tổng hợp: 2 việc đang chờ đồng chí xử lý']);
    const digest = emails[2]!;
    expect(digest.body.text).toContain(threePartyDirectory.program.title);
    expect(digest.body.text).toContain(second.title);
    const links = [...(digest.body.text ?? '').matchAll(/https?:\/\/\S+\/a\/[A-Za-z0-9._-]+/g)].map((m) => m[0]);
    expect(links).toHaveLength(2);
    for (const link of links) expect((await getPage(link)).status).toBe(200);

    // Both reminders are on the trail, each covered by the one digest
    for (const id of [threePartyDirectory.program.id, second.id]) {
      const events = (await t.get(`/v1/programs/${id}/events`)).body.events as { kind: string; stepId?: string; detail?: { purpose?: string; to?: string } }[];
      expect(events.filter((e) => e.kind === 'reminder' && e.stepId === 'cosign-1.review_draft-r1-ca')).toHaveLength(1);
      expect(events.filter((e) => e.kind === 'email_sent' && e.detail?.purpose === 'digest' && e.detail.to === 'ca-reviewer')).toHaveLength(1);
    }
    // The border guard's reviewer is the other focal point reviewing both: the same one digest
    expect((await t.emailsTo('bp.reviewer@example.vn')).map((e) => e.subject).filter((s) => s.startsWith('Tổng hợp'))).toEqual(['Tổng hợp: 2 việc đang chờ đồng chí xử lý']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, loadThreePartyDirectory, TestSystem, threePartyDirectory } from './helpers.js';

/** The SNS notification SES publishes for a configuration set's bounce event, as the handler receives it. */
const snsBounce = (email: string, bounceType = 'Permanent') => ({
  Records: [
    {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:ap-southeast-1:000000000000:ses-events:sub',
      Sns: {
        Type: 'Notification',
        MessageId: crypto.randomUUID(),
        TopicArn: 'arn:aws:sns:ap-southeast-1:000000000000:ses-events',
        Subject: null,
        Timestamp: '2026-03-02T02:00:00.000Z',
        Message: JSON.stringify({
          eventType: 'Bounce',
          bounce: {
            feedbackId: '0100018e-bounce',
            bounceType,
            bounceSubType: 'General',
            bouncedRecipients: [{ emailAddress: email, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
            timestamp: '2026-03-02T02:00:00.000Z',
            reportingMTA: 'dns; a1-2.smtp-out.amazonses.com',
          },
          mail: {
            timestamp: '2026-03-02T01:59:58.000Z',
            source: 'no-reply@danvan.example.gov.vn',
            sendingAccountId: '000000000000',
            messageId: '0100018e-message',
            destination: [email],
            headersTruncated: false,
            tags: { 'ses:configuration-set': ['DanVanCoordination-dev-emails'] },
          },
        }),
      },
    },
  ],
});

const reviewer = {
  id: 'ca-reviewer-b',
  name: 'Thiếu tá Lý Thị Hoa',
  title: 'Phó Trưởng phòng Tham mưu',
  email: 'ca.reviewer.b@example.vn',
  organizationId: 'ca',
  deputyId: 'ca-deputy',
};
const program = {
  ...threePartyDirectory.program,
  id: 'dn-bounce',
  parties: threePartyDirectory.program.parties.map((party) => (party.organizationId === 'ca' ? { ...party, reviewerId: reviewer.id } : party)),
};

describe('Local: a bounce marks the address and hands the open step to the deputy', () => {
  let t: TestSystem;
  let handlerId: string;

  beforeAll(async () => {
    t = await TestSystem.start();
    handlerId = t.system.functionIdOf('functions/ses-events/handler.ts');
    await loadThreePartyDirectory(t);
    expect((await t.post('/v1/officials', reviewer)).status).toBe(201);
    expect((await t.post('/v1/programs', program)).status).toBe(201);
    expect((await t.post(`/v1/programs/${program.id}/submit`)).status).toBe(202);
    await t.settle();
    expect(await t.emailsTo(reviewer.email)).toHaveLength(1);
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('ignores a transient bounce', async () => {
    await t.system.invokeFunction(handlerId, snsBounce(reviewer.email, 'Transient'));
    expect((await t.get(`/v1/officials/${reviewer.id}`)).body.undeliverable).toBeUndefined();
  });

  it('marks the official, emails the deputy a link to act on behalf, and writes the audit trail', async () => {
    await t.clearOutbox();
    await t.system.invokeFunction(handlerId, snsBounce(reviewer.email));
    await t.settle();

    const official = (await t.get(`/v1/officials/${reviewer.id}`)).body;
    expect(official.undeliverable).toEqual({ at: expect.any(String), reason: 'bounce: Permanent/General (5.1.1)' });

    const toDeputy = await t.emailsTo('ca.deputy@example.vn');
    expect(toDeputy.map((email) => email.subject)).toEqual([expect.stringMatching(/^Đề nghị xử lý thay: /)]);
    expect(await t.emailsTo(reviewer.email)).toHaveLength(0);

    const events = (await t.get(`/v1/programs/${program.id}/events`)).body.events as { kind: string; detail?: Record<string, unknown> }[];
    const marked = events.filter((event) => event.kind === 'address_undeliverable');
    expect(marked).toEqual([
      expect.objectContaining({
        detail: expect.objectContaining({ officialId: reviewer.id, stepIds: ['cosign-1.review_draft-r1-ca'], routedTo: 'ca-deputy' }),
      }),
    ]);
    expect(events).toContainEqual(
      expect.objectContaining({ kind: 'email_sent', detail: expect.objectContaining({ to: 'ca-deputy', purpose: 'act_on_behalf' }) }),
    );
  });

  it('does nothing twice when SNS delivers the same bounce again', async () => {
    await t.system.invokeFunction(handlerId, snsBounce(reviewer.email));
    await t.settle();
    expect(await t.emailsTo('ca.deputy@example.vn')).toHaveLength(1);
    const events = (await t.get(`/v1/programs/${program.id}/events`)).body.events as { kind: string }[];
    expect(events.filter((event) => event.kind === 'address_undeliverable')).toHaveLength(1);
  });

  it('lets the deputy approve for the reviewer through that link', async () => {
    const link = await t.latestLink('ca.deputy@example.vn');
    const result = await act(link, 'approve');
    expect(result.status).toBe(200);
    await t.settle();
    expect((await t.get(`/v1/officials/${reviewer.id}/pending`)).body.steps).toEqual([]);
    const events = (await t.get(`/v1/programs/${program.id}/events`)).body.events as { kind: string; actorId?: string; detail?: unknown }[];
    expect(events).toContainEqual(
      expect.objectContaining({ kind: 'decision', actorId: 'ca-deputy', detail: expect.objectContaining({ outcome: 'approved', onBehalfOf: reviewer.id }) }),
    );
  });
});

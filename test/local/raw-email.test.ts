import type { Server } from 'node:net';
import { SESv2Client, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import * as sesModule from 'aws-ses-v2-local';
import { simpleParser, type StructuredHeader } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteAttachment } from '#shared/calendar/invites.js';
import { sesMailer } from '#shared/email/send.js';
import { html } from '#shared/html.js';

// aws-ses-v2-local is CommonJS with `exports.default`; loaders disagree on how deep the default sits.
type SesServer = (config: { host: string; port: number }) => Promise<Server>;
const sesExports = sesModule as unknown as { default: SesServer | { default: SesServer } };
const startSesServer: SesServer = typeof sesExports.default === 'function' ? sesExports.default : sesExports.default.default;

/** What the stand-in's `GET /store` shows of a raw message: mailparser's reading of it. */
interface StoredEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { to: string[]; cc: string[]; bcc: string[] };
  readonly subject: string;
  readonly body: { html?: string; text?: string };
  readonly attachments: { content: string; contentType: string; contentDisposition?: string; filename?: string; size: number }[];
}

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:inspection-2027-tth@danvan.gov.vn',
  'DTSTART;TZID=Asia/Ho_Chi_Minh:20270308T080000',
  'SUMMARY:Kiểm tra thực hiện Chương trình phối hợp',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('Function: sesMailer against the local SES stand-in', () => {
  let server: Server;
  let sesUrl: string;

  beforeAll(async () => {
    server = await startSesServer({ host: '127.0.0.1', port: 0 });
    const address = server.address();
    sesUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  it('sends an email with a calendar invite as a raw MIME message the stand-in stores with its attachment', async () => {
    // Prepare
    const client = new SESv2Client({ endpoint: sesUrl, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const mailer = sesMailer(client, 'no-reply@danvan.gov.vn', 'local-emails');
    const subject = 'Giấy mời: Đoàn kiểm tra việc thực hiện Chương trình phối hợp năm 2027';
    // Act
    const { messageId } = await mailer.send({
      to: ['giamdoc@congan.gov.vn'],
      cc: ['daumoi@danvan.gov.vn'],
      subject,
      html: html`<p>Kính gửi đồng chí Giám đốc,</p><p>Đoàn kiểm tra sẽ làm việc lúc 08:00 ngày 08/03/2027.</p>`,
      text: 'Kính gửi đồng chí Giám đốc,\n\nĐoàn kiểm tra sẽ làm việc lúc 08:00 ngày 08/03/2027.',
      attachments: [
        { filename: 'invite.ics', contentType: 'text/calendar; method=REQUEST; charset=UTF-8', content: ICS },
        { filename: 'Kế hoạch kiểm tra.txt', contentType: 'text/plain; charset=UTF-8', content: 'Nội dung kế hoạch' },
      ],
    });
    const store = (await (await fetch(`${sesUrl}/store`)).json()) as { emails: StoredEmail[] };
    // Assess
    const stored = store.emails.find((email) => email.messageId === messageId);
    expect(stored).toMatchObject({
      from: 'no-reply@danvan.gov.vn',
      destination: { to: ['giamdoc@congan.gov.vn'], cc: ['daumoi@danvan.gov.vn'], bcc: [] },
      subject,
      body: {
        text: 'Kính gửi đồng chí Giám đốc,\n\nĐoàn kiểm tra sẽ làm việc lúc 08:00 ngày 08/03/2027.',
        html: '<p>Kính gửi đồng chí Giám đốc,</p><p>Đoàn kiểm tra sẽ làm việc lúc 08:00 ngày 08/03/2027.</p>',
      },
    });
    const [invite, plan, ...rest] = stored?.attachments ?? [];
    expect(rest).toEqual([]);
    expect(invite).toMatchObject({ filename: 'invite.ics', contentType: 'text/calendar', contentDisposition: 'attachment' });
    expect(Buffer.from(invite?.content ?? '', 'base64').toString('utf8')).toBe(ICS);
    expect(plan).toMatchObject({ filename: 'Kế hoạch kiểm tra.txt', contentType: 'text/plain' });
    expect(Buffer.from(plan?.content ?? '', 'base64').toString('utf8')).toBe('Nội dung kế hoạch');
  });

  it.each(['REQUEST', 'CANCEL'] as const)('sends a %s invite whose calendar part is text/calendar with the same method as the iCalendar text', async (method) => {
    // Prepare: the bytes SES is handed, as a mail client would receive them (the stand-in's store drops the part's parameters).
    const client = new SESv2Client({ endpoint: sesUrl, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const sent: SendEmailCommandInput[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        sent.push(args.input as SendEmailCommandInput);
        return next(args);
      },
      { step: 'initialize' },
    );
    const attachment = inviteAttachment({
      uid: 'inspection-2027-tth-v1@danvan.gov.vn',
      sequence: method === 'CANCEL' ? 1 : 0,
      method,
      startMs: Date.parse('2027-03-08T08:00:00+07:00'),
      endMs: Date.parse('2027-03-08T11:00:00+07:00'),
      summary: 'Kiểm tra thực hiện Chương trình phối hợp',
      organizer: { name: 'Ban Dân vận Tỉnh ủy', email: 'no-reply@danvan.gov.vn' },
      attendees: [{ name: 'Đại tá Hồ Văn Em', email: 'giamdoc@congan.gov.vn' }],
    });
    // Act
    const { messageId } = await sesMailer(client, 'no-reply@danvan.gov.vn').send({
      to: ['giamdoc@congan.gov.vn'],
      subject: method === 'CANCEL' ? 'Hủy lịch kiểm tra' : 'Giấy mời kiểm tra',
      html: html`<p>Kính gửi đồng chí Giám đốc,</p>`,
      text: 'Kính gửi đồng chí Giám đốc,',
      attachments: [attachment],
    });
    // Assess: the message as sent
    const message = await simpleParser(Buffer.from(sent[0]!.Content!.Raw!.Data!));
    const [invite, ...rest] = message.attachments;
    expect(rest).toEqual([]);
    expect(invite?.headers.get('content-type') as StructuredHeader).toEqual({ value: 'text/calendar', params: { method, charset: 'UTF-8', name: attachment.filename } });
    expect(invite?.contentDisposition).toBe('attachment');
    const ics = invite?.content.toString('utf8') ?? '';
    expect(ics).toBe(attachment.content);
    expect(ics.split('\r\n')).toContain(`METHOD:${method}`);
    // Assess: the stand-in took it and stores the same calendar part
    const store = (await (await fetch(`${sesUrl}/store`)).json()) as { emails: StoredEmail[] };
    const stored = store.emails.find((email) => email.messageId === messageId);
    expect(stored?.attachments.map((a) => [a.contentType, a.filename, Buffer.from(a.content, 'base64').toString('utf8')])).toEqual([['text/calendar', attachment.filename, attachment.content]]);
  });
});

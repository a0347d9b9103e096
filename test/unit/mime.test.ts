import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sesMailer } from '#shared/email/send.js';
import { buildMimeMessage, type MimeMessage } from '#shared/email/mime.js';
import { html } from '#shared/html.js';

// A reader just strict enough to take the message apart again: unfolding, RFC 2047 words, multipart, base64.
interface Parsed {
  readonly headers: Map<string, string>;
  readonly body: string;
}
const decodeWords = (value: string): string =>
  value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/gi, (_word, base64: string) => Buffer.from(base64, 'base64').toString('utf8'));
const parse = (raw: string): Parsed => {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.slice(split + 4) };
};
const header = (part: Parsed, name: string): string => part.headers.get(name) ?? '';
const parts = (message: Parsed): Parsed[] => {
  const boundary = /boundary="([^"]+)"/.exec(header(message, 'content-type'))?.[1];
  if (!boundary) throw new Error(`not multipart: ${header(message, 'content-type')}`);
  const [, ...sections] = message.body.split(`--${boundary}`);
  expect(sections.pop()?.startsWith('--')).toBe(true);
  return sections.map((section) => parse(section.replace(/^\r\n/, '').replace(/\r\n$/, '')));
};
const decoded = (part: Parsed): Buffer => {
  expect(header(part, 'content-transfer-encoding')).toBe('base64');
  return Buffer.from(part.body.replace(/\r\n/g, ''), 'base64');
};

const ICS = ['BEGIN:VCALENDAR', 'METHOD:REQUEST', 'BEGIN:VEVENT', 'SUMMARY:Hội nghị sơ kết chương trình phối hợp', 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
const PDF = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x80, 0x0a]);
const invitation: MimeMessage = {
  from: 'Ban Dân vận Tỉnh ủy <no-reply@danvan.gov.vn>',
  to: ['giamdoc@congan.gov.vn', 'Nguyễn Văn Phó <pho@congan.gov.vn>'],
  cc: ['dauMoi@danvan.gov.vn'],
  subject: 'Giấy mời: Hội nghị sơ kết 3 năm thực hiện Chương trình phối hợp giữa Ban Dân vận Tỉnh ủy và Công an tỉnh',
  html: `<p>Kính gửi đồng chí Giám đốc,</p><p>${'Trân trọng kính mời đồng chí dự hội nghị. '.repeat(20)}</p>`,
  text: `Kính gửi đồng chí Giám đốc,\n\n${'Trân trọng kính mời đồng chí dự hội nghị. '.repeat(20)}`,
  attachments: [
    { filename: 'invite.ics', contentType: 'text/calendar; method=REQUEST; charset=UTF-8', content: ICS },
    { filename: 'Kế hoạch tổ chức hội nghị năm 2027 của Ban Dân vận.pdf', contentType: 'application/pdf', content: PDF },
  ],
  date: new Date('2027-03-08T01:00:00Z'),
};

describe('Function: buildMimeMessage', () => {
  it('builds an ASCII message with CRLF line endings and no line over 76 characters', () => {
    // Act
    const raw = buildMimeMessage(invitation);
    // Assess
    expect(/^[\x20-\x7e\r\n]*$/.test(raw)).toBe(true);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of raw.split('\r\n')) expect(line.length, line).toBeLessThanOrEqual(76);
  });

  it('carries the headers, the text and HTML alternatives and every attachment intact', () => {
    // Act
    const message = parse(buildMimeMessage(invitation));
    // Assess: headers
    expect(decodeWords(header(message, 'from'))).toBe('Ban Dân vận Tỉnh ủy <no-reply@danvan.gov.vn>');
    expect(decodeWords(header(message, 'to'))).toBe('giamdoc@congan.gov.vn, Nguyễn Văn Phó <pho@congan.gov.vn>');
    expect(header(message, 'cc')).toBe('dauMoi@danvan.gov.vn');
    expect(decodeWords(header(message, 'subject'))).toBe(invitation.subject);
    expect(header(message, 'date')).toBe('Mon, 08 Mar 2027 01:00:00 +0000');
    expect(header(message, 'mime-version')).toBe('1.0');
    expect(header(message, 'content-type')).toMatch(/^multipart\/mixed; boundary=/);
    // Assess: the body
    const [alternative, invite, plan, ...rest] = parts(message);
    expect(rest).toEqual([]);
    expect(header(alternative!, 'content-type')).toMatch(/^multipart\/alternative; boundary=/);
    const [text, html, ...more] = parts(alternative!);
    expect(more).toEqual([]);
    expect(header(text!, 'content-type')).toBe('text/plain; charset=UTF-8');
    expect(decoded(text!).toString('utf8')).toBe(invitation.text);
    expect(header(html!, 'content-type')).toBe('text/html; charset=UTF-8');
    expect(decoded(html!).toString('utf8')).toBe(invitation.html);
    expect(header(invite!, 'content-type')).toBe('text/calendar; method=REQUEST; charset=UTF-8; name="invite.ics"');
    expect(header(invite!, 'content-disposition')).toBe('attachment; filename="invite.ics"');
    expect(decoded(invite!).toString('utf8')).toBe(ICS);
    expect(header(plan!, 'content-type')).toMatch(/^application\/pdf; name="=\?UTF-8\?B\?/);
    expect(decodeWords(header(plan!, 'content-disposition'))).toBe('attachment; filename="Kế hoạch tổ chức hội nghị năm 2027 của Ban Dân vận.pdf"');
    expect(new Uint8Array(decoded(plan!))).toEqual(PDF);
  });

  it('splits a long Vietnamese subject into encoded-words that each hold whole characters', () => {
    // Act
    const subject = header(parse(buildMimeMessage(invitation)), 'subject');
    const words = subject.split(' ');
    // Assess
    expect(words.length).toBeGreaterThan(2);
    for (const word of words) {
      expect(word.length).toBeLessThanOrEqual(75);
      const bytes = Buffer.from(/^=\?UTF-8\?B\?(.*)\?=$/.exec(word)![1]!, 'base64');
      expect(Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes), word).toBe(true);
    }
  });

  it('sends a short ASCII subject as it is, and without attachments only the alternatives', () => {
    // Act
    const message = parse(buildMimeMessage({ ...invitation, subject: 'Invitation', attachments: [], date: undefined }));
    // Assess
    expect(header(message, 'subject')).toBe('Invitation');
    expect(message.headers.has('date')).toBe(false);
    expect(header(message, 'content-type')).toMatch(/^multipart\/alternative; boundary=/);
    expect(parts(message).map((part) => header(part, 'content-type'))).toEqual(['text/plain; charset=UTF-8', 'text/html; charset=UTF-8']);
  });

  it('refuses a line break in a header value, which could add headers or recipients', () => {
    expect(() => buildMimeMessage({ ...invitation, subject: 'Giấy mời\r\nBcc: x@y.vn' })).toThrow(/Subject of an email cannot contain a line break/);
    expect(() => buildMimeMessage({ ...invitation, to: ['a@b.vn\nBcc: x@y.vn'] })).toThrow(/To of an email cannot contain a line break/);
    const badFile = { filename: 'a\r\n.ics', contentType: 'text/calendar', content: '' };
    expect(() => buildMimeMessage({ ...invitation, attachments: [badFile] })).toThrow(/attachment filename/);
  });
});

describe('Function: sesMailer', () => {
  const ses = mockClient(SESv2Client);
  afterEach(() => ses.reset());
  const email = { to: ['a@congan.gov.vn'], subject: 'Giấy mời', html: html`<p>Xin chào</p>`, text: 'Xin chào' };

  it('sends simple content when there is nothing attached', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    // Act
    const sent = await sesMailer(new SESv2Client({}), 'no-reply@danvan.gov.vn', 'emails').send(email);
    // Assess
    expect(sent).toEqual({ messageId: 'm-1' });
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Content?.Raw).toBeUndefined();
    expect(input.Content?.Simple?.Subject).toEqual({ Data: 'Giấy mời', Charset: 'UTF-8' });
  });

  it('sends a raw MIME message, with the same envelope, when the email carries an invite', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
    const invite = { filename: 'invite.ics', contentType: 'text/calendar; method=REQUEST; charset=UTF-8', content: ICS };
    // Act
    await sesMailer(new SESv2Client({}), 'no-reply@danvan.gov.vn', 'emails').send({ ...email, cc: ['b@danvan.gov.vn'], attachments: [invite] });
    // Assess
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: 'no-reply@danvan.gov.vn',
      Destination: { ToAddresses: ['a@congan.gov.vn'], CcAddresses: ['b@danvan.gov.vn'] },
      ConfigurationSetName: 'emails',
    });
    expect(input.Content?.Simple).toBeUndefined();
    const message = parse(Buffer.from(input.Content!.Raw!.Data!).toString('utf8'));
    expect(header(message, 'cc')).toBe('b@danvan.gov.vn');
    expect(decodeWords(header(message, 'subject'))).toBe('Giấy mời');
    const [, calendar] = parts(message);
    expect(header(calendar!, 'content-type')).toBe('text/calendar; method=REQUEST; charset=UTF-8; name="invite.ics"');
    expect(decoded(calendar!).toString('utf8')).toBe(ICS);
  });
});

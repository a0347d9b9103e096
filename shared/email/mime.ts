import { randomBytes } from 'node:crypto';

/*
 * Why this builds MIME rather than using SES v2's own attachments (`Content.Simple.Attachments`,
 * from which SES writes the MIME itself): an invite opens as an invitation in mail clients only
 * when its part is `text/calendar; method=REQUEST` (or `CANCEL`), the method matching the METHOD
 * line of the .ics. SES documents an attachment's ContentType as a media type ("application/pdf",
 * at most 78 characters) and says nothing of keeping parameters such as `method=`, without which the
 * .ics arrives as a plain file. Nor can it be checked here: aws-ses-v2-local writes no MIME for
 * simple content, it stores the request's attachment fields as given (a test would read back only
 * what it sent), whereas a raw message it parses with mailparser as a receiving server would
 * (test/local/raw-email.test.ts reads the calendar part and its method from the bytes sent).
 * Worth revisiting once SES documents ContentType parameters and it has been tried on real inboxes.
 */

/** A file sent with an email, e.g. a calendar invite (`text/calendar; method=REQUEST; charset=UTF-8`, `invite.ics`). */
export interface EmailAttachment {
  readonly filename: string;
  /** The full media type with its parameters; strings are sent as UTF-8, so say `charset=UTF-8` for text. */
  readonly contentType: string;
  readonly content: string | Uint8Array;
}

export interface MimeMessage {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly attachments?: readonly EmailAttachment[];
  /** The `Date` header; left out when absent (SES then adds one). */
  readonly date?: Date;
}

const CRLF = '\r\n';
// 39 bytes make 52 base64 characters: with `=?UTF-8?B?…?=` and a `Subject: ` prefix a line stays under 76.
const ENCODED_WORD_BYTES = 39;
const PLAIN_HEADER_TEXT = /^[\x20-\x7e]*$/;

const bytesOf = (content: string | Uint8Array): Buffer =>
  typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);

/** Base64 in lines of 76 characters, as RFC 2045 requires of a body. */
const base64Lines = (content: string | Uint8Array): string => {
  const encoded = bytesOf(content).toString('base64');
  const lines: string[] = [];
  for (let at = 0; at < encoded.length; at += 76) lines.push(encoded.slice(at, at + 76));
  return lines.join(CRLF);
};

/**
 * RFC 2047 encoded-words, each under 76 characters and each holding whole characters, since a
 * decoder may decode every word on its own (splitting a Vietnamese letter's bytes would garble it).
 */
const encodedWords = (value: string): string[] => {
  const words: string[] = [];
  let chunk = '';
  for (const character of value) {
    if (Buffer.byteLength(chunk + character, 'utf8') > ENCODED_WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += character;
  }
  if (chunk !== '' || words.length === 0) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`);
};

const refuseLineBreaks = (name: string, value: string): string => {
  // A line break in a header value would let it add headers (or recipients) of its own.
  if (/[\r\n\0]/.test(value)) throw new Error(`The ${name} of an email cannot contain a line break: ${JSON.stringify(value)}.`);
  return value;
};

/** Header text: as is when plain printable ASCII that fits a line, else encoded-words folded one per line. */
const headerText = (name: string, value: string): string => {
  refuseLineBreaks(name, value);
  return PLAIN_HEADER_TEXT.test(value) && value.length <= 76 - name.length - 2 ? value : encodedWords(value).join(`${CRLF} `);
};

/** An address, its display name (if any, `Name <a@b.vn>`) encoded when it is not plain ASCII. */
const address = (name: string, value: string): string => {
  refuseLineBreaks(name, value);
  const named = /^\s*"?([^"<>]*?)"?\s*<([^<>]+)>\s*$/.exec(value);
  if (!named) return value.trim();
  const [, display = '', mailbox = ''] = named;
  if (display === '') return `<${mailbox}>`;
  const phrase = PLAIN_HEADER_TEXT.test(display) ? `"${display.replace(/["\\]/g, '\\$&')}"` : encodedWords(display).join(`${CRLF} `);
  return `${phrase}${CRLF} <${mailbox}>`;
};

const addressList = (name: string, values: readonly string[]): string => values.map((value) => address(name, value)).join(`,${CRLF} `);

/** A filename as a quoted parameter; RFC 2047 words inside the quotes are what mail clients read for non-ASCII names. */
const filenameParameter = (filename: string): string => {
  refuseLineBreaks('attachment filename', filename);
  return PLAIN_HEADER_TEXT.test(filename) && !/["\\]/.test(filename) ? `"${filename}"` : `"${encodedWords(filename).join(`${CRLF} `)}"`;
};

const newBoundary = (kind: string): string => `=_${kind}_${randomBytes(12).toString('hex')}`;

/** A part: its headers, a blank line, its body. */
const part = (headers: readonly string[], body: string): string => [...headers, '', body].join(CRLF);

const multipart = (boundary: string, parts: readonly string[]): string =>
  [...parts.map((body) => `--${boundary}${CRLF}${body}`), `--${boundary}--`, ''].join(CRLF);

/** The date as RFC 5322 writes it, in UTC. */
const rfc5322Date = (date: Date): string => date.toUTCString().replace(/GMT$/, '+0000');

/**
 * A complete MIME message (RFC 5322, 2045–2047) with CRLF line endings, all of it ASCII:
 * multipart/mixed holding multipart/alternative (text, then HTML, the order clients prefer the
 * last of) and then each attachment, everything base64 so long lines and Vietnamese survive.
 */
export const buildMimeMessage = (message: MimeMessage): string => {
  const alternativeBoundary = newBoundary('alt');
  const alternative = multipart(alternativeBoundary, [
    part(['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64'], base64Lines(message.text)),
    part(['Content-Type: text/html; charset=UTF-8', 'Content-Transfer-Encoding: base64'], base64Lines(message.html)),
  ]);
  const alternativeType = `Content-Type: multipart/alternative;${CRLF} boundary="${alternativeBoundary}"`;
  const attachments = message.attachments ?? [];

  let bodyHeaders: string[];
  let body: string;
  if (attachments.length === 0) {
    bodyHeaders = [alternativeType];
    body = alternative;
  } else {
    const mixedBoundary = newBoundary('mixed');
    bodyHeaders = [`Content-Type: multipart/mixed;${CRLF} boundary="${mixedBoundary}"`];
    body = multipart(mixedBoundary, [
      part([alternativeType], alternative),
      ...attachments.map((attachment) => {
        const filename = filenameParameter(attachment.filename);
        const contentType = refuseLineBreaks('attachment content type', attachment.contentType).trim();
        return part(
          [
            `Content-Type: ${contentType};${CRLF} name=${filename}`,
            'Content-Transfer-Encoding: base64',
            `Content-Disposition: attachment;${CRLF} filename=${filename}`,
          ],
          base64Lines(attachment.content),
        );
      }),
    ]);
  }

  const headers = [
    `From: ${address('From', message.from)}`,
    `To: ${addressList('To', message.to)}`,
    ...(message.cc && message.cc.length > 0 ? [`Cc: ${addressList('Cc', message.cc)}`] : []),
    `Subject: ${headerText('Subject', message.subject)}`,
    ...(message.date ? [`Date: ${rfc5322Date(message.date)}`] : []),
    'MIME-Version: 1.0',
    ...bodyHeaders,
  ];
  return part(headers, body);
};

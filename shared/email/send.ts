import type { EmailContent, SESv2Client } from '@aws-sdk/client-sesv2';
import { emailSdk } from '#shared/clients.js';
import { now } from '#shared/clock.js';
import type { SafeHtml } from '#shared/html.js';
import { buildMimeMessage, type EmailAttachment } from './mime.js';

export type { EmailAttachment } from './mime.js';

export interface OutgoingEmail {
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  readonly subject: string;
  readonly html: SafeHtml;
  readonly text: string;
  /** Files to send with the email (calendar invites); any makes the email a raw MIME message. */
  readonly attachments?: readonly EmailAttachment[];
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

// Emails without files keep simple content, so SES builds the message itself as it always has;
// emails with files (invites) go as raw MIME, not as SES's simple attachments: shared/email/mime.ts says why.
const contentOf = (email: OutgoingEmail, from: string): EmailContent => {
  const { to, cc, subject, text, attachments } = email;
  if (attachments && attachments.length > 0) {
    const message = buildMimeMessage({ from, to, cc, subject, html: email.html.value, text, attachments, date: now() });
    return { Raw: { Data: Buffer.from(message, 'utf8') } };
  }
  return {
    Simple: {
      Subject: { Data: subject, Charset: 'UTF-8' },
      Body: { Html: { Data: email.html.value, Charset: 'UTF-8' }, Text: { Data: text, Charset: 'UTF-8' } },
    },
  };
};

/** SES v2 sender; the SDK retries throttling with backoff before the error reaches the caller. */
export const sesMailer = (client: SESv2Client, from: string, configurationSet?: string): Mailer => ({
  async send(email) {
    const { SendEmailCommand } = emailSdk();
    const result = await client.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [...email.to], CcAddresses: email.cc ? [...email.cc] : undefined },
        ConfigurationSetName: configurationSet,
        Content: contentOf(email, from),
      }),
    );
    return { messageId: result.MessageId ?? 'unknown' };
  },
});

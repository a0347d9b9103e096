import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { SafeHtml } from '../html.js';

export interface OutgoingEmail {
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  readonly subject: string;
  readonly html: SafeHtml;
  readonly text: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** SES v2 sender; the SDK retries throttling with backoff before the error reaches the caller. */
export const sesMailer = (client: SESv2Client, from: string, configurationSet?: string): Mailer => ({
  async send(email) {
    const result = await client.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [...email.to], CcAddresses: email.cc ? [...email.cc] : undefined },
        ConfigurationSetName: configurationSet,
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Html: { Data: email.html.value, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
    return { messageId: result.MessageId ?? 'unknown' };
  },
});

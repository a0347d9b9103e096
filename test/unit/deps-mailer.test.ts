import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OutgoingEmail } from '#shared/email/send.js';
import { html } from '#shared/html.js';

// The SES sender is replaced: what reaches it is what SES would be asked to send.
const sent: OutgoingEmail[] = [];
vi.mock('#shared/email/send.js', () => ({
  sesMailer: () => ({
    send: async (email: OutgoingEmail) => {
      sent.push(email);
      return { messageId: 'm-1' };
    },
  }),
}));

const { defaultDeps } = await import('#shared/deps.js');

const env = { TABLE_NAME: 'table', SENDER_ADDRESS: 'he-thong@danvan.example.vn', PUBLIC_BASE_URL: 'https://danvan.example.vn', LINK_KEY_SECRET_ID: 'secret' };
const saved: Record<string, string | undefined> = {};
beforeAll(() => {
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});
afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('Function: defaultDeps, its mailer', () => {
  it('sends every subject as one line, whoever composed it (a visit notice naming a unit stored with a line break)', async () => {
    // Act
    await defaultDeps().mailer.send({
      to: ['tam@example.vn'],
      subject: 'Giấy mời: Đoàn kiểm tra liên ngành làm việc với Công an huyện\nB\r(23/03/2026–24/03/2026)',
      html: html`<p>Kính gửi</p>`,
      text: 'Kính gửi',
    });
    // Assess
    expect(sent.map((email) => email.subject)).toEqual(['Giấy mời: Đoàn kiểm tra liên ngành làm việc với Công an huyện B (23/03/2026–24/03/2026)']);
  });
});

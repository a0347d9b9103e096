import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OutboxEmail, TestSystem } from './helpers.js';
import { advanceTo, lifecycleProgram, loadLifecycleDirectory, mail, press, reportFields, signProgram } from './lifecycle-fixtures.js';

/*
 * When a subject ends, the asking ends: every stage still running under it ends, every open request
 * is withdrawn with one short notice, and nobody gets another email about it — checked over the
 * 60 days that follow, on the local stand-ins.
 */
type AuditEvent = { kind: string; stepId?: string; detail?: Record<string, unknown> };
let t: TestSystem;

const outboxSize = async () => (await t.outbox()).length;
const sentSince = async (count: number): Promise<OutboxEmail[]> => (await t.outbox()).slice(count);

describe('A program closed by its final review', () => {
  beforeAll(async () => {
    // Wednesday 14 October 2026: the 2022–2026 program is signed late in its last year, so its
    // first plan falls due in mid-November and is still being drafted when the final review runs.
    t = await TestSystem.start(Date.parse('2026-10-14T01:00:00Z'));
    await loadLifecycleDirectory(t);
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  const program = lifecycleProgram('qt-late-2022-2026');
  const path = `/v1/programs/${program.id}`;
  const trail = async () => (await t.get(`${path}/events`)).body.events as AuditEvent[];

  it('ends its running plan, withdraws the plan request with one notice, and sends nothing in the 60 days after', async () => {
    const milestones = await signProgram(t, program);
    const due = milestones.find((m) => m.kind === 'final_review')!.dueDate;
    expect(milestones.find((m) => m.kind === 'annual_plan_2022')!.dueDate < due).toBe(true);
    await advanceTo(t, due);
    const planRequest = (await t.emailsTo(mail('bdv-focal'))).filter((e) => e.subject.startsWith('Đề nghị xây dựng Kế hoạch phối hợp năm'));
    expect(planRequest).toHaveLength(1);

    // The final review runs to its approval while the plan's draft waits, proposing the next period.
    await press(t, 'bdv-focal', 'Đề nghị gửi báo cáo kết quả', 'submit', reportFields('Báo cáo tổng kết của Ban Dân vận.', { models: '12' }));
    await press(t, 'ca-focal', 'Đề nghị gửi báo cáo kết quả', 'submit', reportFields('Báo cáo tổng kết của Công an tỉnh.', { models: '30' }));
    const conferenceDay = new Date(Date.parse(`${due}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    await press(t, 'bdv-focal', 'Đề nghị tổ chức hội nghị', 'set', [
      ['date', conferenceDay],
      ['time', '08:00'],
      ['place', 'Hội trường Tỉnh ủy Quảng Trị'],
      ['chairId', 'bdv-head'],
    ]);
    await advanceTo(t, conferenceDay);
    await t.advanceDays(1);
    await press(t, 'bdv-focal', 'Đề nghị ghi nhận kết quả hội nghị', 'record', [
      ['summary', 'Các bên đã hoàn thành các chỉ tiêu đề ra.'],
      ['nextPeriod', '2027–2031'],
    ]);
    for (const head of ['bdv-head', 'ca-head']) await press(t, head, 'Đề nghị phê duyệt kết quả hội nghị', 'approve');

    const view = (await t.get(path)).body;
    expect(view.status).toBe('closed');
    expect(view.openSteps).toEqual([]);
    const events = await trail();
    expect(events.filter((e) => e.kind === 'stage_ended').map((e) => e.detail?.stageId)).toEqual(['annual_plan-2022']);
    const withdrawn = events.filter((e) => e.kind === 'step_cancelled').map((e) => e.stepId);
    expect(withdrawn).toEqual([expect.stringMatching(/^annual_plan-2022\.draft_plan-/)]);
    const notices = (await t.emailsTo(mail('bdv-focal'))).filter((e) => e.subject.startsWith('Rút lại đề nghị: '));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body.text).toContain('đã được rút lại: chương trình đã được tổng kết và kết thúc');
    expect(notices[0]!.body.text).not.toContain('Đường dẫn trên');

    const before = await outboxSize();
    await t.advanceDays(60);
    expect((await sentSince(before)).map((e) => `${e.destination.to.join(',')}: ${e.subject}`)).toEqual([]);
    expect((await trail()).filter((e) => e.kind === 'stage_stopped')).toEqual([]);
    // Ending twice changes nothing: the pass is idempotent.
    expect((await t.post(`${path}/resume`)).status).toBe(409);
  });
});


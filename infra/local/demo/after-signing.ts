import { WorkingCalendar } from '#shared/calendar/working-days.js';
import { demoOfficials, demoProgram } from '../demo-data.js';

/**
 * Drives the running local system (`npm start`) through the Thừa Thiên Huế program's life after
 * its signing, as its officials would from the links in their emails: the program signed, its 2022
 * plan drafted, approved and signed, then its five-year review with the report's figures (212
 * "Dân vận khéo" models by the police), the conference, the awards and the next period's draft.
 * Staff's part goes through the JSON API: the two milestones are brought forward to the next
 * working day (PATCH …/milestones/{kind}) and the local clock lives through the days between.
 *
 *   npx tsx infra/local/demo/after-signing.ts        (API_URL, SES_URL default to localhost:3000 and :8005)
 */
const api = (process.env.API_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const ses = (process.env.SES_URL ?? 'http://localhost:8005').replace(/\/$/, '');
const programId = demoProgram.id;
const DAY_MS = 86_400_000;

const call = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${api}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
};
const expectStatus = async (method: string, path: string, status: number, body?: unknown) => {
  const result = await call(method, path, body);
  if (result.status !== status) throw new Error(`${method} ${path} answered ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body;
};

/** Returns once the system is quiet (the local clock's advance waits for it; a tenth of a second changes nothing else). */
const settle = async () => {
  await expectStatus('POST', '/_local/clock/advance', 200, { days: 0.1 / 86_400 });
};

const emailOf = (officialId: string) => demoOfficials.find((official) => official.id === officialId)!.email;

/** The action link in the latest email to an official whose subject contains `subjectPart`. */
const linkFor = async (officialId: string, subjectPart: string): Promise<string> => {
  const { emails } = (await (await fetch(`${ses}/store`)).json()) as { emails: { subject: string; destination: { to: string[] }; body: { text?: string } }[] };
  const email = emails.filter((e) => e.destination.to.includes(emailOf(officialId)) && e.subject.includes(subjectPart)).at(-1);
  const link = email && /https?:\/\/[^\s"<]+\/a\/[A-Za-z0-9._-]+/.exec(email.body.text ?? '')?.[0];
  if (!link) throw new Error(`No email to ${officialId} about "${subjectPart}" in the outbox.`);
  return link;
};

/** Opens the link (the page never changes anything), then presses a button with the form's fields. */
const press = async (officialId: string, subjectPart: string, action: string, fields: [string, string][] = [], comment = '') => {
  const link = await linkFor(officialId, subjectPart);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await (await fetch(link)).text())?.[1];
  if (!csrf) throw new Error(`The page for ${officialId} ("${subjectPart}") has no form: already decided, or the link expired.`);
  const response = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams([['csrf', csrf], ['action', action], ['comment', comment], ...fields]) });
  if (response.status !== 200) throw new Error(`${officialId} pressed "${action}" on "${subjectPart}": ${response.status}`);
  console.log(`  ${officialId}: ${action}`);
  await settle();
};

const clockNow = async (): Promise<number> => Date.parse((await expectStatus('GET', '/_local/clock', 200)).now);
const vietnamDate = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);

/** Lives through the days up to 08:00 in Vietnam on `date` (its 07:00 tick has run). */
const advanceTo = async (date: string) => {
  const days = (Date.parse(`${date}T01:00:00Z`) - (await clockNow())) / DAY_MS;
  if (days > 0) await expectStatus('POST', '/_local/clock/advance', 200, { days });
  console.log(`  the local clock is at ${date}, 08:00`);
};

/** Staff bring a milestone forward to the next working day (the answer names it when tomorrow is a day off). */
const bringForward = async (kind: string): Promise<string> => {
  let dueDate = vietnamDate((await clockNow()) + DAY_MS);
  let result = await call('PATCH', `/v1/programs/${programId}/milestones/${kind}`, { dueDate });
  const next = /next: (\d{4}-\d{2}-\d{2})/.exec(JSON.stringify(result.body))?.[1];
  if (result.status === 400 && next) {
    dueDate = next;
    result = await call('PATCH', `/v1/programs/${programId}/milestones/${kind}`, { dueDate });
  }
  if (result.status !== 200) throw new Error(`Moving ${kind} answered ${result.status}: ${JSON.stringify(result.body)}`);
  console.log(`  ${kind} moved to ${dueDate}`);
  return dueDate;
};

const statusOf = async (): Promise<string> => (await expectStatus('GET', `/v1/programs/${programId}`, 200)).status;

/** The program signed, from wherever it stands (a run stopped half-way picks up where it was). */
const signed = async () => {
  console.log('The program: submitted, reviewed by the police, signed by both heads');
  if ((await statusOf()) === 'draft') {
    await expectStatus('POST', `/v1/programs/${programId}/submit`, 202);
    await settle();
  }
  if ((await statusOf()) === 'in_review') await press('ca-dau-moi', 'Đề nghị cho ý kiến dự thảo', 'approve');
  if ((await statusOf()) === 'signing') for (const head of ['nguyen-chi-tai', 'nguyen-thanh-tuan']) await press(head, 'Đề nghị ký Chương trình phối hợp', 'sign');
  const status = await statusOf();
  if (status !== 'active') throw new Error(`The program is ${status}; this demo needs it signed (delete .local/ to start afresh).`);
};

const plan2022 = async () => {
  console.log('The 2022 plan (kế hoạch phối hợp công tác năm 2022)');
  await advanceTo(await bringForward('annual_plan_2022'));
  const tasks = [
    ['Tổ chức hội nghị tổng kết 5 năm Chương trình phối hợp giai đoạn 2016–2021, ký kết Chương trình giai đoạn 2022–2026.', 'bdv-tth', '2022-05-26'],
    ['Hướng dẫn Ban Dân vận và Công an các huyện, thị xã, thành phố Huế ký kết chương trình phối hợp giai đoạn 2022–2026.', 'bdv-tth', '2022-09-30'],
    ['Duy trì, nhân rộng các mô hình “Dân vận khéo” trong lực lượng Công an tỉnh.', 'ca-tth', '2022-12-15'],
  ];
  await press('bdv-dau-moi', 'Đề nghị xây dựng Kế hoạch phối hợp năm', 'submit', tasks.flatMap(([text, responsible, due]) => [['tasks.text', text!], ['tasks.responsibleOrganizationId', responsible!], ['tasks.dueDate', due!]]));
  await press('ca-dau-moi', 'Đề nghị cho ý kiến Kế hoạch phối hợp năm', 'approve');
  for (const head of ['nguyen-chi-tai', 'nguyen-thanh-tuan']) await press(head, 'Đề nghị ký Kế hoạch phối hợp năm', 'sign');
  const plan = await expectStatus('GET', `/v1/programs/${programId}/plans/2022`, 200);
  console.log(`  plan 2022: ${plan.status}, ${plan.tasks.length} tasks, signed by ${Object.keys(plan.signatures).join(' and ')}`);
};

const finalReview = async () => {
  console.log('The five-year review (hội nghị tổng kết 5 năm)');
  const due = await bringForward('final_review');
  await advanceTo(due);
  await press('ca-dau-moi', 'Đề nghị gửi báo cáo kết quả', 'submit', [
    ['narrative', '100% công an các địa phương có đăng ký mô hình “Dân vận khéo” với 212 mô hình phù hợp với đặc điểm tình hình thực hiện nhiệm vụ.'],
    ['models', '212'],
    ['sessions', '950'],
    ['participants', '61.200'],
    ['jointPatrols', '640'],
    ['casesResolved', '46'],
    ['adminTimeSaved', '45'],
  ]);
  await press('bdv-dau-moi', 'Đề nghị gửi báo cáo kết quả', 'submit', [
    ['narrative', 'Phối hợp tuyên truyền, vận động; phát huy vai trò người có uy tín, già làng, trưởng bản.'],
    ['models', '35'],
    ['sessions', '1.588'],
    ['participants', '239.841'],
    ['reconciliations', '120'],
  ]);
  const conference = new WorkingCalendar().addWorkingDays(due, 2);
  await press('bdv-dau-moi', 'Đề nghị tổ chức hội nghị', 'set', [['date', conference], ['time', '14:00'], ['place', 'Hội trường Tỉnh ủy Thừa Thiên Huế'], ['chairId', 'nguyen-chi-tai']]);
  await advanceTo(new WorkingCalendar().addWorkingDays(conference, 1));
  await press('bdv-dau-moi', 'Đề nghị ghi nhận kết quả hội nghị', 'record', [
    ['summary', 'Sự phối hợp giữa hệ thống dân vận và lực lượng công an ngày càng chặt chẽ, có hiệu quả thực sự.'],
    ['awards.recipient', 'Phòng Tham mưu, Công an tỉnh'],
    ['awards.kind', 'collective'],
    ['awards.awardedBy', 'Ban Dân vận Tỉnh ủy'],
    ['awards.recipient', 'Thượng tá Phạm Quốc Bảo'],
    ['awards.kind', 'individual'],
    ['awards.awardedBy', 'Giám đốc Công an tỉnh'],
    ['nextPeriod', '2027–2031'],
  ]);
  for (const head of ['nguyen-chi-tai', 'nguyen-thanh-tuan']) await press(head, 'Đề nghị phê duyệt kết quả hội nghị', 'approve');
  const review = await expectStatus('GET', `/v1/programs/${programId}/reviews/final`, 200);
  console.log(`  review: ${review.status}; totals ${JSON.stringify(review.totals)}; next period's draft: ${review.renewalProgramId}`);
  console.log(`  figures as CSV: ${api}/v1/programs/${programId}/reviews/final/figures.csv`);
};

await signed();
await plan2022();
await finalReview();
console.log(`Done. The trail: ${api}/v1/programs/${programId}/events; the invites and requests: ${ses}`);

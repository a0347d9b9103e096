import { demoOfficials, demoProgram } from '../demo-data.js';
import { advanceTo, api, call, clockNow, DemoError, expectStatus, localCalendar, outbox, runDemo, ses, settle, today } from './local-api.js';

/**
 * Drives the running local system (`npm start`) through the Thừa Thiên Huế program's life after
 * its signing, as its officials would from the links in their emails: the program signed, its 2022
 * plan drafted, approved and signed, then its five-year review with the report's figures (212
 * "Dân vận khéo" models by the police), the conference, the awards and the next period's draft.
 * Staff's part goes through the JSON API: a milestone still scheduled is brought forward to the
 * next working day (PATCH …/milestones/{kind}) and the local clock lives through the days between.
 *
 * It works from wherever the program and the clock stand: a stage already started (its milestone
 * fell due while the clock was advanced) is played from its open steps, a step already decided is
 * left as it is, an expired link is renewed as an official would ("Gửi cho tôi đường dẫn mới"), and
 * a run stopped half-way picks up where it was. It says what it did; what it cannot do is one
 * sentence and exit code 1.
 *
 *   npx tsx infra/local/demo/after-signing.ts          the signing, the 2022 plan and the final review
 *   npx tsx infra/local/demo/after-signing.ts sign     only the signing (which starts the cascade)
 *
 * API_URL and SES_URL default to http://localhost:3000 and http://localhost:8005.
 */
const programId = demoProgram.id;
const calendar = localCalendar();

interface OpenStep {
  readonly stepId: string;
  readonly stageId: string;
  readonly kind: string;
  readonly assigneeId: string;
}
interface Program {
  readonly status: string;
  readonly openSteps: OpenStep[];
  readonly milestones: { kind: string; dueDate: string; status: string; dueSince?: string; stageId?: string }[];
  readonly stages: { stageId: string; status: string }[];
}

const readProgram = async (): Promise<Program> => expectStatus('GET', `/v1/programs/${programId}`, 200);

const official = (officialId: string) => {
  const found = demoOfficials.find((o) => o.id === officialId);
  if (!found) throw new DemoError(`Step assigned to ${officialId}, who is not one of the demo's officials: act on it from the outbox (${ses}).`);
  return found;
};

interface Link {
  readonly url: string;
  readonly stepId: string;
  readonly officialId: string;
  readonly expiresAt: number;
  readonly acts: boolean;
}

/** What a link names (its middle part is the claims in base64url JSON; only the server can check its signature). */
const linkClaims = (url: string): Link | undefined => {
  try {
    const claims = JSON.parse(Buffer.from(url.split('/a/')[1]!.split('.')[1]!, 'base64url').toString('utf8')) as { s: string; o: string; x: number; a: string[]; b?: string };
    return { url, stepId: claims.s, officialId: claims.o, expiresAt: claims.x * 1000, acts: claims.a.length > 0 && claims.b === undefined };
  } catch {
    return undefined;
  }
};

/** Every action link emailed to an official for one step, newest first (requests, reminders, digests, renewals). */
const linksFor = async (step: OpenStep): Promise<Link[]> => {
  const address = official(step.assigneeId).email;
  return (await outbox())
    .filter((email) => email.destination.to.includes(address))
    .flatMap((email) => [...(email.body.text ?? '').matchAll(/https?:\/\/[^\s"<]+\/a\/[A-Za-z0-9._-]+/g)].map((match) => linkClaims(match[0])))
    .filter((link): link is Link => link !== undefined && link.acts && link.stepId === step.stepId && link.officialId === step.assigneeId)
    .reverse();
};

const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1];
const errorsOn = (page: string) =>
  [...page.matchAll(/class="(?:field-error|notice error)"[^>]*>([\s\S]*?)<\/(?:p|div)>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()).join('; ');

/** A link the official can still use: the newest unexpired one, or a fresh one they ask for from an expired one. */
const usableLink = async (step: OpenStep): Promise<string> => {
  const links = await linksFor(step);
  if (links.length === 0) throw new DemoError(`No email to ${step.assigneeId} about ${step.stepId} is in the outbox (${ses}).`);
  const now = await clockNow();
  const live = links.find((link) => link.expiresAt > now);
  if (live) return live.url;
  // Links expire (14 days); the expired page offers to email a new one, as it would to the official.
  const expired = links[0]!.url;
  const csrf = csrfOf(await (await fetch(expired)).text());
  const renewed = csrf && (await fetch(expired, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf, action: 'renew' }) }));
  if (!renewed || ![200, 429].includes(renewed.status)) throw new DemoError(`${step.assigneeId}'s links for ${step.stepId} have expired and a new one could not be asked for.`);
  await settle();
  const fresh = (await linksFor(step)).find((link) => link.expiresAt > now);
  if (!fresh) throw new DemoError(`${step.assigneeId} asked for a new link for ${step.stepId}, but none arrived in the outbox.`);
  console.log(`  ${step.assigneeId}'s last link had expired: asked for a new one ("Gửi cho tôi đường dẫn mới")`);
  return fresh.url;
};

/** Opens the step's link (the page never changes anything), then presses a button with the form's fields. */
const press = async (step: OpenStep, action: string, fields: [string, string][] = []) => {
  const link = await usableLink(step);
  const csrf = csrfOf(await (await fetch(link)).text());
  if (!csrf) throw new DemoError(`The page of ${step.stepId} for ${step.assigneeId} has no form.`);
  const response = await fetch(link, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([['csrf', csrf], ['action', action], ['comment', ''], ...fields]),
  });
  if (response.status === 409) {
    console.log(`  ${step.assigneeId}: ${step.kind} was already decided`);
  } else if (response.status !== 303) {
    throw new DemoError(`${step.assigneeId} pressed "${action}" on ${step.stepId}, and the page answered ${response.status}: ${errorsOn(await response.text()) || 'no reason shown'}.`);
  } else {
    console.log(`  ${step.assigneeId}: ${action} (${step.kind})`);
  }
  await settle();
};

type Play = (step: OpenStep) => Promise<void>;

/** Plays every open step of a stage with `plays` (by step kind), round after round, until the stage has none. */
const playStage = async (stageId: string, plays: Record<string, Play>) => {
  for (let round = 0; round < 20; round += 1) {
    const steps = (await readProgram()).openSteps.filter((step) => step.stageId === stageId);
    if (steps.length === 0) return;
    for (const step of steps) {
      const play = plays[step.kind];
      if (!play) throw new DemoError(`${stageId} waits on ${step.assigneeId} for a step this demo does not play (${step.kind}): act on it from the outbox (${ses}).`);
      await play(step);
    }
  }
  throw new DemoError(`${stageId} still has open steps after 20 rounds.`);
};

const statusOf = async (): Promise<string> => (await readProgram()).status;

/** The program signed, from wherever it stands (a run stopped half-way picks up where it was). */
const signed = async (): Promise<boolean> => {
  console.log('The program: submitted, reviewed by the police, signed by both heads');
  const status = await statusOf();
  if (['active', 'closed'].includes(status)) {
    console.log(`  already signed (${status})`);
    return status === 'active';
  }
  if (status === 'draft') {
    await expectStatus('POST', `/v1/programs/${programId}/submit`, 202);
    console.log('  submitted');
    await settle();
  }
  await playStage('cosign-1', { review_draft: (step) => press(step, 'approve'), sign: (step) => press(step, 'sign') });
  const now = await statusOf();
  if (now !== 'active') throw new DemoError(`The program is ${now} after its co-signing; this demo needs it signed (delete .local/ to start afresh).`);
  console.log('  signed: the program is active');
  return true;
};

/**
 * The milestone's stage started: a milestone still scheduled is brought forward to the next working
 * day and the clock lives through to it; one already due (the clock passed it) is left as it is.
 */
const startStage = async (kind: string): Promise<void> => {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const milestone = (await readProgram()).milestones.find((m) => m.kind === kind);
    if (!milestone) throw new DemoError(`The program has no milestone ${kind}.`);
    if (milestone.status !== 'scheduled') {
      console.log(`  ${kind} already fell due on ${milestone.dueSince ?? milestone.dueDate} (its stage ${milestone.stageId ?? 'is starting'}): nothing to move, played from where it stands`);
      await settle();
      return;
    }
    const dueDate = calendar.addWorkingDays(await today(), 1);
    const moved = milestone.dueDate <= dueDate ? { status: 200, body: undefined } : await call('PATCH', `/v1/programs/${programId}/milestones/${kind}`, { dueDate });
    // 409: it fell due between reading it and moving it; read it again.
    if (moved.status === 409) continue;
    if (moved.status !== 200) throw new DemoError(`Moving ${kind} to ${dueDate} answered ${moved.status}: ${JSON.stringify(moved.body)}`);
    const on = milestone.dueDate <= dueDate ? milestone.dueDate : dueDate;
    console.log(milestone.dueDate <= dueDate ? `  ${kind} already falls due on ${on}` : `  ${kind} brought forward from ${milestone.dueDate} to ${on}`);
    await advanceTo(on);
    return;
  }
  throw new DemoError(`${kind} could not be brought forward.`);
};

const plan2022 = async () => {
  console.log('The 2022 plan (kế hoạch phối hợp công tác năm 2022)');
  const existing = await call('GET', `/v1/programs/${programId}/plans/2022`);
  if (existing.status === 200 && existing.body.status === 'approved') {
    console.log('  already approved');
    return;
  }
  if (!(await readProgram()).milestones.some((m) => m.kind === 'annual_plan_2022')) {
    // Signed so late in its period (its last month) that a plan would fall due after the period ends.
    console.log('  none asked: the program was signed too late in its period for a plan to fall due within it');
    return;
  }
  await startStage('annual_plan_2022');
  const tasks = [
    ['Tổ chức hội nghị tổng kết 5 năm Chương trình phối hợp giai đoạn 2016–2021, ký kết Chương trình giai đoạn 2022–2026.', 'bdv-tth', '2022-05-26'],
    ['Hướng dẫn Ban Dân vận và Công an các huyện, thị xã, thành phố Huế ký kết chương trình phối hợp giai đoạn 2022–2026.', 'bdv-tth', '2022-09-30'],
    ['Duy trì, nhân rộng các mô hình “Dân vận khéo” trong lực lượng Công an tỉnh.', 'ca-tth', '2022-12-15'],
  ];
  await playStage('annual_plan-2022', {
    draft_plan: (step) => press(step, 'submit', tasks.flatMap(([text, responsible, due]) => [['tasks.text', text!], ['tasks.responsibleOrganizationId', responsible!], ['tasks.dueDate', due!]])),
    review_plan: (step) => press(step, 'approve'),
    sign_plan: (step) => press(step, 'sign'),
  });
  const plan = await expectStatus('GET', `/v1/programs/${programId}/plans/2022`, 200);
  console.log(`  plan 2022: ${plan.status}, ${plan.tasks.length} tasks, signed by ${Object.keys(plan.signatures ?? {}).join(' and ') || 'nobody (no signatures asked)'}`);
};

const reports: Record<string, [string, string][]> = {
  'ca-dau-moi': [
    ['narrative', '100% công an các địa phương có đăng ký mô hình “Dân vận khéo” với 212 mô hình phù hợp với đặc điểm tình hình thực hiện nhiệm vụ.'],
    ['models', '212'],
    ['sessions', '950'],
    ['participants', '61.200'],
    ['jointPatrols', '640'],
    ['casesResolved', '46'],
    ['adminTimeSaved', '45'],
  ],
  'bdv-dau-moi': [
    ['narrative', 'Phối hợp tuyên truyền, vận động; phát huy vai trò người có uy tín, già làng, trưởng bản.'],
    ['models', '35'],
    ['sessions', '1.588'],
    ['participants', '239.841'],
    ['reconciliations', '120'],
  ],
};

const finalReview = async () => {
  console.log('The five-year review (hội nghị tổng kết 5 năm)');
  const existing = await call('GET', `/v1/programs/${programId}/reviews/final`);
  if (existing.status === 200 && existing.body.status === 'approved') {
    console.log(`  already approved; next period's draft: ${existing.body.renewalProgramId ?? 'none'}`);
    return;
  }
  await startStage('final_review');
  await playStage('review-final', {
    submit_report: (step) => press(step, 'submit', reports[step.assigneeId] ?? []),
    set_conference: async (step) => {
      const conference = calendar.addWorkingDays(await today(), 2);
      await press(step, 'set', [['date', conference], ['time', '14:00'], ['place', 'Hội trường Tỉnh ủy Thừa Thiên Huế'], ['chairId', 'nguyen-chi-tai']]);
    },
    record_final_outcome: async (step) => {
      // The outcome is recorded once the conference has taken place.
      const { conference } = await expectStatus('GET', `/v1/programs/${programId}/reviews/final`, 200);
      if (conference?.date) await advanceTo(calendar.addWorkingDays(conference.date, 1));
      await press(step, 'record', [
        ['summary', 'Sự phối hợp giữa hệ thống dân vận và lực lượng công an ngày càng chặt chẽ, có hiệu quả thực sự.'],
        ['awards.recipient', 'Phòng Tham mưu, Công an tỉnh'],
        ['awards.kind', 'collective'],
        ['awards.awardedBy', 'Ban Dân vận Tỉnh ủy'],
        ['awards.recipient', 'Thượng tá Phạm Quốc Bảo'],
        ['awards.kind', 'individual'],
        ['awards.awardedBy', 'Giám đốc Công an tỉnh'],
        ['nextPeriod', '2027–2031'],
      ]);
    },
    approve_outcome: (step) => press(step, 'approve'),
  });
  const review = await expectStatus('GET', `/v1/programs/${programId}/reviews/final`, 200);
  console.log(`  review: ${review.status}; totals ${JSON.stringify(review.totals)}; next period's draft: ${review.renewalProgramId}`);
  console.log(`  figures as CSV: ${api}/v1/programs/${programId}/reviews/final/figures.csv`);
};

await runDemo('after-signing demo', async () => {
  const only = process.argv[2];
  if (only !== undefined && only !== 'sign') throw new DemoError(`Unknown argument '${only}': give none (the whole demo) or 'sign' (only the signing).`);
  const active = await signed();
  if (only === 'sign') {
    console.log(`Done. The cascade to the districts: ${api}/v1/programs/${programId}/cascade`);
    return;
  }
  if (active) {
    await plan2022();
    await finalReview();
  } else {
    console.log('The program is closed: its final review was approved. Nothing left to play (delete .local/ to start afresh).');
  }
  console.log(`Done. The trail: ${api}/v1/programs/${programId}/events; the invites and requests: ${ses}`);
});

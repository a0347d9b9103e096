import { vietnamDisplayDateTime } from '#shared/clock.js';
import type { Deps } from '#shared/deps.js';
import { getOfficial, getOrganization } from '#shared/directory.js';
import { html } from '#shared/html.js';
import type { HttpResult } from '#shared/http.js';
import { csrfFor, csrfMatches, type LinkClaims, verifyLink } from '#shared/links/tokens.js';
import { SYSTEM_ACTOR } from '#shared/steps/complete.js';
import { decide } from '#shared/steps/decide.js';
import type { SubmittedForm } from '#shared/steps/form-check.js';
import { saveFormDraft } from '#shared/steps/form-draft.js';
import { stepKind } from '#shared/steps/kind/index.js';
import type { Decision } from '#shared/steps/model.js';
import type { Recipient } from '#shared/steps/notify.js';
import { getStep } from '#shared/steps/queries.js';
import { renewLink } from '#shared/steps/renew.js';
import { loadSubject } from '#shared/subjects.js';
import { decisionForm, decisionSummary, type FormState, type PageFacts, SAVE_DRAFT, whoWhatWhen } from './action-page.js';
import { PAGE_HEADERS, page } from './layout.js';
import { lateStepsSection } from './observer.js';

const SHOWN_LATER = 'Việc này đã được xử lý';

const invalidLinkPage = () =>
  page(
    404,
    'Đường dẫn không hợp lệ',
    html`<h1>Đường dẫn không hợp lệ</h1>
<p class="notice error">Đường dẫn này không đúng hoặc đã bị thay đổi. Vui lòng mở lại đường dẫn trong thư gần nhất của hệ thống, hoặc liên hệ đầu mối của Ban Dân vận.</p>`,
  );

const expiredViewPage = () =>
  page(
    410,
    'Đường dẫn đã hết hạn',
    html`<h1>Đường dẫn đã hết hạn</h1>
<p class="notice warning">Đường dẫn theo dõi này đã hết thời hạn. Thư báo cáo mới (nếu còn việc chậm) sẽ có đường dẫn mới; đồng chí cũng có thể liên hệ đầu mối của Ban Dân vận.</p>`,
  );

const expiredLinkPage = (csrf: string) =>
  page(
    410,
    'Đường dẫn đã hết hạn',
    html`<h1>Đường dẫn đã hết hạn</h1>
<p class="notice warning">Vì lý do an toàn, mỗi đường dẫn chỉ dùng được trong một thời hạn nhất định. Nếu việc này vẫn đang chờ đồng chí xử lý, hệ thống có thể gửi một đường dẫn mới tới hộp thư của đồng chí.</p>
<form method="post"><input type="hidden" name="csrf" value="${csrf}"><div class="actions"><button type="submit" name="action" value="renew" class="primary">Gửi cho tôi đường dẫn mới</button></div></form>`,
  );

/** An office's view-only link names it `org:<id>`; every other link names an official. */
const holderOf = async (deps: Deps, id: string): Promise<Recipient> => {
  if (id === SYSTEM_ACTOR) return { id, name: 'Hệ thống', title: '', email: '' };
  if (!id.startsWith('org:')) return getOfficial(deps.db, id);
  const office = await getOrganization(deps.db, id.slice(4));
  return { id, name: office.name, title: 'Văn phòng', email: office.email ?? '' };
};

/**
 * The step and everything the page says about it, read together: the link names the step, its
 * subject, its holder and (for a deputy) the assignee, so with a task's store these are one request.
 * `undefined` when the link's step does not exist.
 */
const loadFacts = async (deps: Deps, claims: LinkClaims): Promise<PageFacts | undefined> => {
  const [step, subject, actor, named] = await Promise.all([
    getStep(deps.db, claims.subject, claims.stepId),
    loadSubject(deps.db, claims.subject).catch(() => undefined),
    holderOf(deps, claims.officialId).catch(() => undefined),
    claims.onBehalfOf ? getOfficial(deps.db, claims.onBehalfOf).catch(() => undefined) : undefined,
  ]);
  if (!step) return undefined;
  // Both exist for any step this system opened; a failure to read them now is an error, not a bad link.
  const facts = { subject: subject ?? (await loadSubject(deps.db, claims.subject)), actor: actor ?? (await holderOf(deps, claims.officialId)) };
  const assignee = named?.id === step.assigneeId ? named : facts.actor.id === step.assigneeId ? facts.actor : await getOfficial(deps.db, step.assigneeId);
  return { step, kind: stepKind(step.kind), ...facts, assignee, onBehalf: Boolean(claims.onBehalfOf) };
};

const decidedPage = async (deps: Deps, facts: PageFacts, decision: Decision, heading: string, statusCode = 200) => {
  const decider: Recipient = decision.decidedBy === facts.actor.id ? facts.actor : await holderOf(deps, decision.decidedBy);
  // After the redirect of a successful POST (and on any later visit) the decider reads a confirmation.
  const title = heading === SHOWN_LATER && decider.id === facts.actor.id ? 'Đã ghi nhận ý kiến' : heading;
  return page(
    statusCode,
    title,
    html`${whoWhatWhen(facts)}<h2>${title}</h2>${decisionSummary(facts.kind, decision, decider.name, decider.id === facts.actor.id)}
<p>Không cần thao tác thêm. Đồng chí có thể đóng trang này.</p>`,
  );
};

/**
 * Post/Redirect/Get: after a post that changed something the browser is sent back to the link, so
 * a reload (or "back") on a phone shows the outcome again instead of offering to post twice. The
 * relative location resolves against `/a/{token}` wherever the API is mounted.
 */
const seeOutcome = (token: string): HttpResult => ({
  statusCode: 303,
  headers: { ...PAGE_HEADERS, location: encodeURIComponent(token) },
  body: '',
});

const closedPage = (facts: PageFacts) =>
  page(
    409,
    'Việc này không còn chờ xử lý',
    html`${whoWhatWhen(facts)}<p class="notice warning">Việc này không còn chờ đồng chí xử lý: vòng xem xét đã kết thúc (ví dụ một bên đã trả lại dự thảo hoặc từ chối ký). Khi có việc mới, đồng chí sẽ nhận thư mới.</p>`,
  );

const actionPage = async (deps: Deps, token: string, claims: LinkClaims, facts: PageFacts, state: FormState, statusCode = 200) => {
  const { kind, step } = facts;
  // Handed off (a unit's program sent for signing): the page says where it stands instead of asking again.
  const handedOff = kind.handOff ? await kind.handOff.status(deps, step) : undefined;
  if (handedOff) return page(statusCode, facts.subject.title, html`${whoWhatWhen(facts)}${handedOff}`);
  const [document, initial, choices, csrf] = await Promise.all([
    kind.document ? kind.document(deps, step) : '',
    kind.initialValues ? kind.initialValues(deps, step) : {},
    kind.choices ? kind.choices(deps, step) : {},
    csrfFor(deps.keys, token),
  ]);
  return page(
    statusCode,
    facts.subject.title,
    html`${whoWhatWhen(facts, true)}
${document}
<h2 id="decision">${kind.formHeading}</h2>
${decisionForm(facts, claims.actions, csrf, state, initial, choices)}`,
  );
};

/** A view-only link (the second rung of an escalation): the step and what else of its subject is late. */
const observerPage = async (deps: Deps, facts: PageFacts) =>
  page(200, facts.subject.title, html`${whoWhatWhen(facts)}${facts.kind.observerSection ? await facts.kind.observerSection(deps, facts.step) : await lateStepsSection(deps, facts)}`);

/** A saved draft prefills the form; the notice says when (and by whom, if a deputy or the assignee saved it). */
const draftState = async (deps: Deps, facts: PageFacts): Promise<FormState> => {
  const draft = facts.step.formDraft;
  if (!draft) return {};
  const savedByName = draft.savedBy === facts.actor.id ? undefined : (await getOfficial(deps.db, draft.savedBy)).name;
  const { comment, ...values } = draft.fields;
  return { comment: typeof comment === 'string' ? comment : undefined, values, draftSavedAt: draft.savedAt, draftSavedByName: savedByName };
};

/** `GET /a/{token}`: shows what is asked and never changes anything (mail scanners fetch links too). */
export const showActionPage = async (deps: Deps, token: string): Promise<HttpResult> => {
  const check = await verifyLink(deps.keys, token);
  if (check.status === 'invalid') return invalidLinkPage();
  const facts = await loadFacts(deps, check.claims);
  if (!facts) return invalidLinkPage();
  const { step } = facts;
  if (check.claims.actions.length === 0) return check.status === 'expired' ? expiredViewPage() : observerPage(deps, facts);
  if (step.status === 'decided' && step.decision) return decidedPage(deps, facts, step.decision, SHOWN_LATER);
  if (step.status !== 'open') return closedPage(facts);
  if (check.status === 'expired') return expiredLinkPage(await csrfFor(deps.keys, token));
  return actionPage(deps, token, check.claims, facts, await draftState(deps, facts));
};

const forbiddenPage = () =>
  page(
    403,
    'Không thể xác nhận',
    html`<h1>Không thể xác nhận</h1>
<p class="notice error">Phiên làm việc của trang không hợp lệ. Vui lòng mở lại đường dẫn trong thư rồi thao tác lại.</p>`,
  );

/** `POST /a/{token}`: acts once; a second post shows who decided and when. */
export const actOnLink = async (deps: Deps, token: string, form: SubmittedForm & { csrf?: string }): Promise<HttpResult> => {
  const check = await verifyLink(deps.keys, token);
  if (check.status === 'invalid') return invalidLinkPage();
  if (!(await csrfMatches(deps.keys, token, form.csrf))) return forbiddenPage();
  const { claims } = check;
  if (claims.actions.length === 0) return invalidLinkPage();
  const facts = await loadFacts(deps, claims);
  if (!facts) return invalidLinkPage();
  const { step } = facts;
  if (form.action === 'renew') return renewLinkPage(deps, facts, claims);
  if (check.status === 'expired') {
    if (step.status === 'decided' && step.decision) return decidedPage(deps, facts, step.decision, SHOWN_LATER);
    return expiredLinkPage(await csrfFor(deps.keys, token));
  }
  if (form.action === SAVE_DRAFT) return saveDraft(deps, token, claims, facts, form);
  const result = await decide(deps, claims, form, step);
  switch (result.status) {
    case 'recorded':
      return seeOutcome(token);
    case 'already_decided':
      return decidedPage(deps, { ...facts, step: result.step }, result.decision, 'Việc này đã được xử lý trước đó', 409);
    case 'closed':
      return closedPage(facts);
    case 'invalid':
      return actionPage(deps, token, claims, facts, { comment: form.comment, values: form.values, errors: result.errors }, 400);
    case 'not_allowed':
      return invalidLinkPage();
  }
};

const saveDraft = async (deps: Deps, token: string, claims: LinkClaims, facts: PageFacts, form: SubmittedForm) => {
  const result = await saveFormDraft(deps, claims, form, facts.step);
  switch (result.status) {
    case 'saved':
      return seeOutcome(token);
    case 'invalid':
      return actionPage(deps, token, claims, facts, { comment: form.comment, values: form.values, errors: result.errors }, 400);
    case 'not_open':
      return showClosedOrDecided(deps, { ...facts, step: result.step });
    case 'not_allowed':
      return invalidLinkPage();
  }
};

const renewLinkPage = async (deps: Deps, facts: PageFacts, claims: LinkClaims) => {
  if (facts.step.status !== 'open') return showClosedOrDecided(deps, facts);
  const result = await renewLink(deps, facts.step, claims);
  if (result.status === 'not_open') {
    const now = await getStep(deps.db, claims.subject, facts.step.stepId);
    return showClosedOrDecided(deps, { ...facts, step: now ?? facts.step });
  }
  if (result.status === 'recently_sent') {
    return page(
      429,
      'Đường dẫn mới vừa được gửi',
      html`<h1>Đường dẫn mới vừa được gửi</h1><p class="notice warning" role="status">Hệ thống đã gửi đường dẫn mới tới hộp thư ${facts.actor.email} lúc ${vietnamDisplayDateTime(Date.parse(result.at))}. Vui lòng kiểm tra hộp thư (kể cả thư mục thư rác); có thể yêu cầu lại sau 10 phút.</p>`,
    );
  }
  return page(
    200,
    'Đã gửi đường dẫn mới',
    html`<h1>Đã gửi đường dẫn mới</h1><p class="notice success" role="status">Hệ thống đã gửi một đường dẫn mới tới hộp thư ${facts.actor.email}. Vui lòng mở thư mới nhất để xử lý.</p>`,
  );
};

const showClosedOrDecided = (deps: Deps, facts: PageFacts) =>
  facts.step.decision ? decidedPage(deps, facts, facts.step.decision, SHOWN_LATER) : closedPage(facts);

import fc from 'fast-check';
import { expect } from 'vitest';
import { defaultDeps } from '#shared/deps.js';
import { verifyLink } from '#shared/links/tokens.js';
import { SAVE_DRAFT } from '#shared/pages/action-page.js';
import { MAX_COMMENT_CHARACTERS } from '#shared/steps/form-check.js';
import { type FieldMeta, fieldMeta, type StepKindDefinition, stepKind } from '#shared/steps/kind/index.js';
import { getStep } from '#shared/steps/queries.js';
import { keys, store } from '#shared/store/table.js';
import type { SubjectRef } from '#shared/subject-ref.js';
import type { Tally } from '../faults/reliability.js';
import { csrfOf, getPage, linkIn, type TestSystem } from '../local/helpers.js';
import { anyText, RUNS, sizedText } from './arbitraries.js';
import { routeCaller } from './invoke.js';

/** What the form properties share: bodies as browsers (or attackers) post them, finding open steps, the handler property. */
export interface OpenedStep {
  readonly link: string;
  readonly csrf: string;
  readonly subject: SubjectRef;
  readonly stepId: string;
}

const numberText = fc.oneof(fc.integer().map(String), fc.double().map(String), fc.constantFrom('', ' 7 ', '1e309', '-0', 'NaN', '٣', '１２', '0x10', '1,5', '1.5', '00012', '9007199254740993'));
const dateText = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2200-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('', '2026-02-30', '2026-13-01', '2026-2-3', '03/02/2026', '2026-02-29', '2024-02-29', '0000-00-00', '+2026-01-01'),
);
const textFor = (meta: Pick<FieldMeta, 'widget' | 'maxLength' | 'options'>): fc.Arbitrary<string> => {
  if (meta.widget === 'number') return fc.oneof(numberText, anyText);
  if (meta.widget === 'date') return fc.oneof(dateText, anyText);
  const options = meta.options?.map((option) => option.value) ?? [];
  const base = fc.oneof({ weight: 4, arbitrary: anyText }, { weight: meta.maxLength ? 1 : 0, arbitrary: sizedText(meta.maxLength ?? 1) });
  return options.length ? fc.oneof(fc.constantFrom(...options), base) : base;
};

/** The fields of a kind's form as a browser (or someone with curl) could post them. */
const fieldsOf = (kind: StepKindDefinition): fc.Arbitrary<[string, string][]> => {
  const fields = Object.entries(kind.form?.shape ?? {}).map(([name, schema]) => {
    const meta = fieldMeta(schema as never);
    if (!meta) return fc.constant<[string, string][]>([]);
    if (meta.widget === 'list') {
      return fc.array(textFor({ widget: 'textarea', maxLength: meta.maxLength }), { maxLength: 8 }).chain((entries) =>
        fc.constantFrom(entries, [...entries, ...Array.from({ length: 101 - entries.length }, () => 'x')]).map((all) => all.map((v) => [name, v] as [string, string])),
      );
    }
    if (meta.widget === 'group') {
      const entryFields = Object.entries(meta.entryFields ?? {});
      return fc.nat({ max: 5 }).chain((count) =>
        fc.tuple(...entryFields.map(([field, entry]) => fc.array(textFor(entry), { minLength: count, maxLength: count + 1 }).map((values) => values.map((v) => [`${name}.${field}`, v] as [string, string])))).map((lists) => lists.flat()),
      );
    }
    return fc.option(textFor(meta), { nil: undefined }).map((value) => (value === undefined ? [] : [[name, value] as [string, string]]));
  });
  return fc.tuple(...fields, fc.array(fc.tuple(anyText, anyText), { maxLength: 2 })).map((parts) => (parts as [string, string][][]).flat());
};

/** A whole urlencoded body: the button, the comment (at and past its limit too), the kind's fields, sometimes bytes that are not urlencoded. */
export const bodyOf = (kind: StepKindDefinition, csrf: string): fc.Arbitrary<{ body: string; action: string }> =>
  fc
    .record({
      action: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...Object.keys(kind.actions), SAVE_DRAFT) }, { weight: 1, arbitrary: fc.oneof(anyText, fc.constantFrom('renew', '__proto__')) }),
      comment: fc.option(fc.oneof({ weight: 4, arbitrary: anyText }, { weight: 1, arbitrary: sizedText(MAX_COMMENT_CHARACTERS) }), { nil: undefined }),
      csrf: fc.oneof({ weight: 12, arbitrary: fc.constant(csrf) }, { weight: 1, arbitrary: anyText }),
      fields: fieldsOf(kind),
      raw: fc.oneof({ weight: 12, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('&%ZZ', '&comment=%E1%BB', '&%00=%00', '&action=x&action=y') }),
    })
    .map(({ action, comment, csrf: token, fields, raw }) => ({
      action,
      body: `${new URLSearchParams([['csrf', token], ['action', action], ...(comment === undefined ? [] : [['comment', comment] as [string, string]]), ...fields]).toString()}${raw}`,
    }));


/** Finds, in the outbox, a link to an open step of each kind not found yet (whatever stage opened it). */
export const discoverOpenSteps = async (t: TestSystem, opened: Map<string, OpenedStep>): Promise<void> => {
  const { keys: linkKeys } = defaultDeps();
  for (const email of (await t.outbox()).reverse()) {
    const link = linkIn(email);
    const check = link ? await verifyLink(linkKeys, link.split('/a/')[1]!) : undefined;
    if (!link || check?.status !== 'valid' || check.claims.actions.length === 0) continue;
    const step = await getStep(store(), check.claims.subject, check.claims.stepId);
    if (!step || step.status !== 'open' || opened.has(step.kind)) continue;
    const page = await getPage(link);
    if (page.status !== 200) continue;
    opened.set(step.kind, { link, csrf: csrfOf(page.html), subject: check.claims.subject, stepId: step.stepId });
  }
};

/** Opens a step again (keeping what its decisions wrote), so the next post meets the form, not "already decided". */
const reopen = ({ subject, stepId }: OpenedStep) =>
  store().update({
    Key: keys.step(subject, stepId),
    UpdateExpression: 'SET #status = :open REMOVE decision',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':open': 'open' },
  });

/** 1,000 posts to one step's link through the real handler: a page for each, never 5xx, nothing written when refused. */
export const postsToStep = async (t: TestSystem, name: string, step: OpenedStep, tally: Tally): Promise<void> => {
  const kind = stepKind(name);
  const call = routeCaller(t);
  let decidedOnce = false;
  await reopen(step);
  await fc.assert(
    fc.asyncProperty(bodyOf(kind, step.csrf), async ({ body, action }) => {
      const writesBefore = t.system.faults!.writeCount();
      const response = await call('POST /a/{token}', `/a/${step.link.split('/a/')[1]}`, '', { text: body, contentType: 'application/x-www-form-urlencoded' });
      const html = response.body;
      tally.inputs += 1;
      if (response.status >= 500) tally.serverErrors += 1;
      expect(response.status, `${name}: ${html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)}`).toBeLessThan(500);
      expect(response.contentType).toMatch(/^text\/html/);
      if (response.status >= 400) expect(t.system.faults!.writeCount() - writesBefore, `${name} wrote on a ${response.status}`).toBe(0);
      // Decided: the step is opened again for the next post (the decision's own writes stay). Only the
      // first decision completes a waiting execution (the token is spent then): let what it set going finish.
      if (response.status === 303 && Object.hasOwn(kind.actions, action)) {
        if (!decidedOnce) await t.settle();
        decidedOnce = true;
        await reopen(step);
      }
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
};

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits.js';
import { SAVE_DRAFT } from '../../shared/pages/action-page.js';
import { readDecisionForm } from '../../shared/pages/form.js';
import { defaultDeps } from '../../shared/deps.js';
import { verifyLink } from '../../shared/links/tokens.js';
import { getStep } from '../../shared/steps/queries.js';
import { keys, store } from '../../shared/store.js';
import type { SubjectRef } from '../../shared/subject-ref.js';
import { checkForm, checkSizes, MAX_COMMENT_CHARACTERS, MAX_FORM_BYTES } from '../../shared/steps/form-check.js';
import { type FieldMeta, fieldMeta, type StepKindDefinition, stepKind, stepKindNames } from '../../shared/steps/kinds/index.js';
import { stepIdFor } from '../../shared/steps/model.js';
import { newTally, saveTally } from '../faults/reliability.js';
import { csrfOf, getPage, linkIn, loadThreePartyDirectory, TestSystem, threePartyDirectory } from '../local/helpers.js';
import { loadInspectionDirectory, plan, unitVisit } from '../local/inspection-fixtures.js';
import { anyText, RUNS, sizedText } from './arbitraries.js';

/**
 * Every step kind's form (the registry's, so kinds added later are covered), 1,000 generated posts
 * each: the form pipeline (reading the body, the checks, the kind's zod form) never throws and only
 * accepts what fits on the step item; and through the real action-link handler, for every kind whose
 * page this file can open on a program, every post answers a page, never 5xx, and a refused one
 * writes nothing.
 */
let t: TestSystem;
const tally = newTally('Property: action-link forms');
const programId = threePartyDirectory.program.id;
const opened = new Map<string, { link: string; csrf: string; subject: SubjectRef; stepId: string }>();
const notOpenedHere = new Map<string, string>();
const STAGE_ID = 'prop-1';

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
const bodyOf = (kind: StepKindDefinition, csrf: string): fc.Arbitrary<{ body: string; action: string }> =>
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

beforeAll(async () => {
  t = await TestSystem.start(undefined, { faultInjection: true });
  await loadThreePartyDirectory(t);
  expect((await t.post('/v1/programs', threePartyDirectory.program)).status).toBe(201);
  const openFunction = t.system.functionIdOf('functions/step-open/handler.ts');
  for (const name of stepKindNames()) {
    const email = `prop.${name.replaceAll('_', '-')}@example.vn`;
    const official = { id: `prop-${name.replaceAll('_', '-')}`, name: 'Trần Văn Kiểm', title: 'Chuyên viên', email, organizationId: 'ca' };
    expect((await t.post('/v1/officials', official)).status).toBe(201);
    try {
      await t.system.invokeFunction(openFunction, { subjectType: 'program', subjectId: programId, stageId: STAGE_ID, round: 1, kind: name, assignment: { partyOrganizationId: 'ca', assigneeId: official.id } });
      const link = await t.latestLink(email);
      const page = await getPage(link);
      if (page.status !== 200) throw new Error(`its page answered ${page.status}`);
      opened.set(name, { link, csrf: csrfOf(page.html), subject: { type: 'program', id: programId }, stepId: stepIdFor(STAGE_ID, name, 1, 'ca') });
    } catch (error) {
      notOpenedHere.set(name, (error as Error).message.slice(0, 120));
    }
  }
  await t.settle();
  // Kinds that need their stage's own records: an inspection plan asks each agency to confirm its members.
  await loadInspectionDirectory(t);
  expect((await t.post('/v1/inspections', plan('prop-inspection', [unitVisit('bdv-dn', '2026-03-23', '2026-03-24', 'Gia Nghĩa, Đắk Nông')]))).status).toBe(201);
  await t.settle();
  await discoverOpenSteps();
});

/** Finds, in the outbox, a link to an open step of each kind not opened yet (whatever stage opened it). */
const discoverOpenSteps = async () => {
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
    notOpenedHere.delete(step.kind);
  }
};

afterAll(async () => {
  saveTally(tally);
  if (notOpenedHere.size > 0) {
    console.log(`Step kinds whose page needs their own stage's records (their forms are checked in-process only):\n${[...notOpenedHere].map(([kind, why]) => `  ${kind}: ${why}`).join('\n')}`);
  }
  await t?.stop();
});

describe("Every step kind's form, 1,000 generated posts each", () => {
  it('has kinds in the registry, and opens at least the co-sign stage kinds here', () => {
    expect(stepKindNames().length).toBeGreaterThanOrEqual(3);
    expect([...opened.keys()]).toEqual(expect.arrayContaining(['review', 'sign', 'revise', 'confirm_members']));
  });

  it('the form pipeline never throws and accepts only what fits on the step item, for every kind', () => {
    for (const name of stepKindNames()) {
      const kind = stepKind(name);
      fc.assert(
        fc.property(bodyOf(kind, 'csrf'), ({ body }) => {
          tally.inputs += 1;
          const form = readDecisionForm(body);
          const sizes = checkSizes(kind, form);
          const checked = checkForm(kind, Object.keys(kind.actions), form);
          for (const [field, message] of Object.entries(checked.ok ? {} : checked.errors)) {
            expect(typeof field).toBe('string');
            expect(message.length, `${name}.${field}`).toBeGreaterThan(0);
          }
          if (checked.ok) {
            expect(Object.keys(sizes), name).toEqual([]);
            const stored = JSON.stringify({ comment: checked.comment, fields: checked.fields });
            expect(Buffer.byteLength(stored), name).toBeLessThanOrEqual(Math.max(MAX_FORM_BYTES, LIMITS.formBytes) + 10_000);
          }
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('through the action-link handler: a page for every post, never 5xx, no write when refused', async () => {
    for (const [name, { link, csrf, subject, stepId }] of opened) {
      const kind = stepKind(name);
      await fc.assert(
        fc.asyncProperty(bodyOf(kind, csrf), async ({ body, action }) => {
          const writesBefore = t.system.faults!.writeCount();
          const response = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
          const html = await response.text();
          tally.inputs += 1;
          if (response.status >= 500) tally.serverErrors += 1;
          expect(response.status, `${name}: ${html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)}`).toBeLessThan(500);
          expect(response.headers.get('content-type')).toMatch(/^text\/html/);
          if (response.status >= 400) expect(t.system.faults!.writeCount() - writesBefore, `${name} wrote on a ${response.status}`).toBe(0);
          if (response.status === 303 && Object.hasOwn(kind.actions, action)) {
            // Decided: open the step again for the next post (the decision's own writes stay).
            await store().update({
              Key: keys.step(subject, stepId),
              UpdateExpression: 'SET #status = :open REMOVE decision',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':open': 'open' },
            });
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    }
  }, 600_000);
});

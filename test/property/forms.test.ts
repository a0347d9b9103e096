import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '#shared/limits.js';
import { readDecisionForm } from '#shared/pages/form.js';
import { checkForm, checkSizes, MAX_FORM_BYTES } from '#shared/steps/form-check.js';
import { stepKind, registeredStepKinds } from '#shared/steps/kind/index.js';
import { stepIdFor } from '#shared/steps/model.js';
import { newTally, saveTally } from '../faults/reliability.js';
import { csrfOf, getPage, loadThreePartyDirectory, TestSystem, threePartyDirectory } from '../local/helpers.js';
import { loadInspectionDirectory, plan, unitVisit } from '../local/inspection-fixtures.js';
import { RUNS } from './arbitraries.js';
import { bodyOf, discoverOpenSteps, type OpenedStep, postsToStep } from './forms-common.js';

/**
 * Every step kind's form (the registry's, so kinds added later are covered), 1,000 generated posts
 * each: the form pipeline (reading the body, the checks, the kind's zod form) never throws and only
 * accepts what fits on the step item; and through the real action-link handler, for every kind whose
 * page this file can open (on a program, or from an inspection plan), every post answers a page,
 * never 5xx, and a refused one writes nothing. The later stages' kinds: stage-forms.test.ts.
 */
let t: TestSystem;
const tally = newTally('Property: action-link forms');
const programId = threePartyDirectory.program.id;
const opened = new Map<string, OpenedStep>();
const notOpenedHere = new Map<string, string>();
const STAGE_ID = 'prop-1';

beforeAll(async () => {
  t = await TestSystem.start(undefined, { faultInjection: true });
  await loadThreePartyDirectory(t);
  expect((await t.post('/v1/programs', threePartyDirectory.program)).status).toBe(201);
  const openFunction = t.system.functionIdOf('functions/step-open/handler.ts');
  for (const name of registeredStepKinds().pages) {
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
  await discoverOpenSteps(t, opened);
  for (const kind of opened.keys()) notOpenedHere.delete(kind);
});

afterAll(async () => {
  saveTally(tally);
  if (notOpenedHere.size > 0) {
    console.log(`Step kinds whose page needs their own stage's records (their forms are checked in-process only):\n${[...notOpenedHere].map(([kind, why]) => `  ${kind}: ${why}`).join('\n')}`);
  }
  await t?.stop();
});

describe("Every step kind's form, 1,000 generated posts each", () => {
  it('has kinds in the registry, and opens at least the co-sign stage kinds here', () => {
    expect(registeredStepKinds().pages.length).toBeGreaterThanOrEqual(3);
    expect([...opened.keys()]).toEqual(expect.arrayContaining(['review_draft', 'sign', 'revise', 'confirm_members']));
  });

  it('the form pipeline never throws and accepts only what fits on the step item, for every kind', () => {
    for (const name of registeredStepKinds().pages) {
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
            // A group's entries repeat their field names; the decision still fits Step Functions' 256 KB with room to spare.
            expect(Buffer.byteLength(stored), name).toBeLessThanOrEqual(MAX_FORM_BYTES + 10_000);
            expect(Buffer.byteLength(stored), name).toBeLessThan(256 * 1024 - LIMITS.formBytes / 5);
          }
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('through the action-link handler: a page for every post, never 5xx, no write when refused', async () => {
    for (const [name, step] of opened) await postsToStep(t, name, step, tally);
  }, 600_000);
});

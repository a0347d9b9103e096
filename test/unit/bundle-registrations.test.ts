import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_METADATA_KEY, PROJECT_ROOT, REGISTERS_METADATA_KEY, registrationsModule } from '../../infra/constructs/house-function.js';
import { synthesizeTemplate } from '../../infra/local/synth.js';
import { resourcesOfType } from '../../infra/local/template.js';
import { stages } from '../../infra/stages.js';
import { registeredStages } from '#shared/stages/lifecycle/registry.js';
import { registeredStepKinds } from '#shared/steps/kind/registry.js';

/*
 * Each function's bundle alone, as Lambda loads it: its handler and the registrations the stack
 * builds it with (template metadata), bundled by esbuild into one file and imported by a fresh
 * node process that then looks up what is registered. In-process tests register every stage for
 * every function, so only this finds a function built without the kinds it serves.
 */
const run = promisify(execFile);
const OUT_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'dvcp-test', 'registrations');

interface Registered {
  readonly briefs: string[];
  readonly pages: string[];
  readonly stages: string[];
  readonly subjectTypes: string[];
  /** Whether the handler looks kinds up at all (holds the registry), their page side, stages or subjects. */
  readonly looksUpBriefs: boolean;
  readonly looksUpPages: boolean;
  readonly looksUpStages: boolean;
  readonly looksUpSubjects: boolean;
}

const bundleAlone = async (logicalId: string, entry: string, registers: readonly string[]): Promise<Registered> => {
  const outfile = path.join(OUT_DIR, `${logicalId}.mjs`);
  const probe = [
    `import ${JSON.stringify(path.join(PROJECT_ROOT, entry))};`,
    `import { registeredStepKinds } from ${JSON.stringify(path.join(PROJECT_ROOT, 'shared/steps/kind/registry.ts'))};`,
    `import { registeredStages } from ${JSON.stringify(path.join(PROJECT_ROOT, 'shared/stages/lifecycle/registry.ts'))};`,
    `import { registeredSubjectTypes } from ${JSON.stringify(path.join(PROJECT_ROOT, 'shared/subjects.ts'))};`,
    'console.log(JSON.stringify({ ...registeredStepKinds(), stages: registeredStages().map((stage) => stage.name), subjectTypes: registeredSubjectTypes() }));',
  ].join('\n');
  const result = await build({
    stdin: { contents: probe, resolveDir: PROJECT_ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: ['@aws-sdk/*'],
    inject: registers.length ? [registrationsModule(registers)] : [],
    banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
    metafile: true,
    outfile,
    logLevel: 'silent',
  });
  // Whether the handler's own graph (not the probe, not the registrations) imports the registry or the page side.
  const importedByHandler = (target: string) =>
    Object.entries(result.metafile.inputs).some(
      ([file, input]) => file !== '<stdin>' && !/^shared\/stages\/[^/]+\/(register|pages)\.ts$|node_modules\//.test(file) && input.imports.some((imported) => imported.path === target),
    );
  const { stdout } = await run(process.execPath, [outfile], { encoding: 'utf8', env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' } });
  const output = stdout;
  return {
    ...(JSON.parse(output.trim().split('\n').at(-1)!) as { briefs: string[]; pages: string[]; stages: string[]; subjectTypes: string[] }),
    looksUpBriefs: importedByHandler('shared/steps/kind/registry.ts'),
    looksUpPages: importedByHandler('shared/steps/kind/index.ts'),
    looksUpStages: importedByHandler('shared/stages/lifecycle/registry.ts'),
    looksUpSubjects: importedByHandler('shared/subjects.ts'),
  };
};

const bundles = new Map<string, Registered>();

beforeAll(async () => {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const template = synthesizeTemplate();
  await Promise.all(
    resourcesOfType(template, 'AWS::Lambda::Function').map(async ([logicalId, fn]) => {
      const entry = fn.Metadata?.[ENTRY_METADATA_KEY];
      if (typeof entry !== 'string') return;
      const registers = (fn.Metadata?.[REGISTERS_METADATA_KEY] as string[] | undefined) ?? [];
      bundles.set(entry, await bundleAlone(logicalId, entry, registers));
    }),
  );
});
afterAll(() => rmSync(OUT_DIR, { recursive: true, force: true }));

describe('Bundles: every function is built with the kinds and stages it serves', () => {
  const everyStage = () => stages.map((stage) => stage.name);
  /** A stage's own kinds: its pages.ts bundled alone (briefs and page side). */
  const kindsOf = new Map<string, Registered>();
  beforeAll(async () => {
    for (const stage of stages) {
      kindsOf.set(stage.name, await bundleAlone(`stage-${stage.folder}`, 'shared/stages/lifecycle/registry.ts', [`shared/stages/${stage.folder}/pages.ts`]));
    }
  });
  const union = (names: readonly string[], facet: 'briefs' | 'pages') => names.flatMap((name) => kindsOf.get(name)![facet]).sort();

  it('finds every stage of infra/stages.ts, each registering its own kinds', () => {
    expect(registeredStages().map((stage) => stage.name)).toEqual(everyStage());
    expect(union(everyStage(), 'briefs')).toEqual(registeredStepKinds().briefs);
    expect(kindsOf.get('cosign')!.briefs).toEqual(['review_draft', 'revise', 'sign']);
    expect(kindsOf.get('inspection')!.briefs).toEqual(['confirm_members', 'report_remediation', 'submit_findings']);
  });

  it('has, in each function that looks kinds, stages or subjects up, whole subject types of stages and all their kinds', () => {
    const lookingUp = [...bundles].filter(([, b]) => b.looksUpBriefs || b.looksUpStages || b.looksUpSubjects);
    // The step functions, the pages, the tick and the bounce handler word every stage's steps.
    for (const entry of ['functions/step-open/handler.ts', 'functions/step-remind/handler.ts', 'functions/action-links/handler.ts', 'functions/ses-events/handler.ts', 'functions/milestone-tick/handler.ts']) {
      expect(bundles.get(entry)?.stages, entry).toEqual(everyStage());
    }
    for (const [entry, bundle] of lookingUp) {
      expect(bundle.stages.length, entry).toBeGreaterThan(0);
      for (const type of ['program', 'inspection']) {
        const ofType = stages.filter((stage) => stage.subjectType === type).map((stage) => stage.name);
        const held = ofType.filter((name) => bundle.stages.includes(name));
        expect([0, ofType.length], `${entry}: stages of ${type}`).toContain(held.length);
      }
      expect(bundle.briefs, entry).toEqual(union(bundle.stages, 'briefs'));
      if (bundle.looksUpPages) expect(bundle.pages, entry).toEqual(union(bundle.stages, 'pages'));
      if (bundle.looksUpSubjects && bundle.stages.includes('inspection')) expect(bundle.subjectTypes, entry).toContain('inspection');
    }
  });

  it('builds a function that looks up no kind, stage or subject without any registration (its bundle stays lean)', () => {
    const lean = [...bundles].filter(([, b]) => !b.looksUpBriefs && !b.looksUpStages && !b.looksUpSubjects);
    expect(lean.map(([entry]) => entry)).toEqual(expect.arrayContaining(['functions/directory/handler.ts', 'functions/stage-stopped/handler.ts']));
    for (const [entry, bundle] of lean) expect(bundle, entry).toMatchObject({ briefs: [], stages: [] });
  });
});

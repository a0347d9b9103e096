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
  /** Whether the bundle looks kinds up at all (holds the registry), and their page side. */
  readonly looksUpBriefs: boolean;
  readonly looksUpPages: boolean;
}

const bundleAlone = async (logicalId: string, entry: string, registers: readonly string[]): Promise<Registered> => {
  const outfile = path.join(OUT_DIR, `${logicalId}.mjs`);
  const probe = [
    `import ${JSON.stringify(path.join(PROJECT_ROOT, entry))};`,
    `import { registeredStepKinds } from ${JSON.stringify(path.join(PROJECT_ROOT, 'shared/steps/kind/registry.ts'))};`,
    `import { registeredStages } from ${JSON.stringify(path.join(PROJECT_ROOT, 'shared/stages/lifecycle/registry.ts'))};`,
    'console.log(JSON.stringify({ ...registeredStepKinds(), stages: registeredStages().map((stage) => stage.name) }));',
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
    ...(JSON.parse(output.trim().split('\n').at(-1)!) as { briefs: string[]; pages: string[]; stages: string[] }),
    looksUpBriefs: importedByHandler('shared/steps/kind/registry.ts'),
    looksUpPages: importedByHandler('shared/steps/kind/index.ts'),
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
  // This process registered every stage (test/setup): what a function that serves them all must hold.
  const every = () => registeredStepKinds();

  it('finds every stage of infra/stages.ts, and every stage its own kinds', () => {
    expect(registeredStages().map((stage) => stage.name)).toEqual(stages.map((stage) => stage.name));
    expect(every().briefs).toEqual(expect.arrayContaining(['review_draft', 'sign', 'revise', 'prepare_program', 'draft_plan', 'submit_report', 'confirm_members']));
    expect(every().pages).toEqual(every().briefs);
  });

  it('has every kind in each function that looks kinds up, and their pages where it shows pages', () => {
    const lookingUp = [...bundles].filter(([, bundle]) => bundle.looksUpBriefs);
    // The step functions, the pages, the tick's digests and the bounce handler at least.
    expect(lookingUp.map(([entry]) => entry)).toEqual(
      expect.arrayContaining(['functions/step-open/handler.ts', 'functions/step-remind/handler.ts', 'functions/action-links/handler.ts', 'functions/ses-events/handler.ts']),
    );
    for (const [entry, bundle] of lookingUp) expect(bundle.briefs, entry).toEqual(every().briefs);
    for (const [entry, bundle] of [...bundles].filter(([, b]) => b.looksUpPages)) expect(bundle.pages, entry).toEqual(every().pages);
  });

  it('knows every stage where milestones are written or started: the co-sign (activation) and the daily tick', () => {
    for (const entry of ['shared/stages/cosign/handler.ts', 'functions/milestone-tick/handler.ts']) {
      expect(bundles.get(entry)?.stages, entry).toEqual(stages.map((stage) => stage.name));
    }
  });

  it('builds the functions that never touch a step without any stage', () => {
    expect(bundles.get('functions/directory/handler.ts')).toMatchObject({ briefs: [], stages: [] });
    expect(bundles.get('functions/rotate-link-key/handler.ts')).toMatchObject({ briefs: [], stages: [] });
  });
});

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildApp } from '../infra/build-app.js';
import { ENTRY_METADATA_KEY, PROJECT_ROOT } from '../infra/constructs/house-function.js';
import type { CfnTemplate } from '../infra/local/template.js';
import { median } from './stats.js';

export interface FunctionBundle {
  readonly logicalId: string;
  readonly entry: string;
  readonly memoryMb: number;
  /** `index.mjs` as the CDK bundled it (minified), copied where `node_modules` resolves the externals. */
  readonly file: string;
  readonly bytes: number;
  readonly environment: Record<string, string>;
}

/**
 * Where the bundles are copied for the import measurement: under `node_modules`, so the modules the
 * bundling leaves external (`@aws-sdk/*`, which the nodejs22.x runtime provides) resolve as in Lambda.
 */
const OUT_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'dvcp-bench', 'bundles');

const stringsOnly = (variables: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value : 'resolved-at-deploy']));

/**
 * Synthesizes the app with bundling on, exactly as `cdk synth`/`cdk deploy` would (the HouseFunction's
 * esbuild options), and reads every function's bundle from the cloud assembly.
 */
export const bundleEveryFunction = (): FunctionBundle[] => {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const outdir = mkdtempSync(path.join(tmpdir(), 'dvcp-bench-synth-'));
  try {
    const { app, stack } = buildApp({ outdir, context: { ...cdkJson.context, 'aws:cdk:enable-asset-metadata': true } });
    const assembly = app.synth();
    const template = assembly.getStackArtifact(stack.artifactId).template as CfnTemplate;
    rmSync(OUT_DIR, { recursive: true, force: true });
    const bundles: FunctionBundle[] = [];
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const entry = resource.Metadata?.[ENTRY_METADATA_KEY];
      const assetPath = resource.Metadata?.['aws:asset:path'];
      if (typeof entry !== 'string' || typeof assetPath !== 'string') continue;
      const assetDir = path.join(outdir, assetPath);
      const target = path.join(OUT_DIR, logicalId);
      mkdirSync(target, { recursive: true });
      for (const name of readdirSync(assetDir)) copyFileSync(path.join(assetDir, name), path.join(target, name));
      const file = path.join(target, 'index.mjs');
      const properties = resource.Properties ?? {};
      bundles.push({
        logicalId,
        entry,
        memoryMb: Number(properties.MemorySize ?? 128),
        file,
        bytes: statSync(file).size,
        environment: stringsOnly((properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}),
      });
    }
    return bundles.sort((a, b) => a.entry.localeCompare(b.entry));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
};

/** What a Lambda container has in its environment besides the function's own variables. */
const lambdaLikeEnvironment = (bundle: FunctionBundle): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  AWS_REGION: 'ap-southeast-1',
  AWS_LAMBDA_FUNCTION_NAME: bundle.logicalId,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(bundle.memoryMb),
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ...bundle.environment,
});

interface ProcessRun {
  readonly wallMs: number;
  /** User + system CPU of the whole process (`process.cpuUsage()` at its end): far less sensitive to a busy machine. */
  readonly cpuMs: number;
}

const CPU_REPORT = 'process.stdout.write(JSON.stringify(process.cpuUsage()))';

const runNode = (args: string[], env: NodeJS.ProcessEnv): ProcessRun => {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${run.stderr.toString().slice(0, 2000)}`);
  const cpu = JSON.parse(run.stdout.toString()) as { user: number; system: number };
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
};

export interface ImportTiming {
  readonly bareNodeMs: number;
  /** Median wall time of a fresh `node` importing the bundle, minus that of a bare `node`. */
  readonly overBareMs: number;
  /** The same in CPU time (user + system). */
  readonly cpuOverBareMs: number;
}

/**
 * Fresh processes, interleaved (bare, bundle, bare, bundle, …) so a load spike on the machine hits
 * both sides alike; the import only loads the module (a cold start's init), it calls no handler.
 */
export const measureImport = (bundle: FunctionBundle, runs: number): ImportTiming => {
  const env = lambdaLikeEnvironment(bundle);
  const importer = path.join(path.dirname(bundle.file), 'import-only.mjs');
  if (!existsSync(importer)) writeFileSync(importer, `await import('./index.mjs');\n${CPU_REPORT};\n`);
  const bare: ProcessRun[] = [];
  const loaded: ProcessRun[] = [];
  runNode([importer], env); // warms the file cache
  for (let run = 0; run < runs; run++) {
    bare.push(runNode(['-e', CPU_REPORT], env));
    loaded.push(runNode([importer], env));
  }
  const bareNodeMs = median(bare.map((r) => r.wallMs));
  return {
    bareNodeMs,
    overBareMs: median(loaded.map((r) => r.wallMs)) - bareNodeMs,
    cpuOverBareMs: median(loaded.map((r) => r.cpuMs)) - median(bare.map((r) => r.cpuMs)),
  };
};

/**
 * What a function pays on its first use of an SDK package (loaded on first use, shared/clients.ts):
 * requiring the packages in a fresh process, over a bare one, the same way as `measureImport`.
 */
export const measureFirstUse = (packages: readonly string[], runs: number): ImportTiming => {
  const dir = path.join(OUT_DIR, '..', 'first-use');
  mkdirSync(dir, { recursive: true });
  const loader = path.join(dir, `${packages.map((name) => name.replace(/\W/g, '_')).join('+')}.mjs`);
  writeFileSync(loader, `import { createRequire } from 'node:module';\nconst load = createRequire(import.meta.url);\n${packages.map((name) => `load(${JSON.stringify(name)});`).join('\n')}\n${CPU_REPORT};\n`);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_REGION: 'ap-southeast-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const bare: ProcessRun[] = [];
  const loaded: ProcessRun[] = [];
  runNode([loader], env);
  for (let run = 0; run < runs; run++) {
    bare.push(runNode(['-e', CPU_REPORT], env));
    loaded.push(runNode([loader], env));
  }
  const bareNodeMs = median(bare.map((r) => r.wallMs));
  return {
    bareNodeMs,
    overBareMs: median(loaded.map((r) => r.wallMs)) - bareNodeMs,
    cpuOverBareMs: median(loaded.map((r) => r.cpuMs)) - median(bare.map((r) => r.cpuMs)),
  };
};

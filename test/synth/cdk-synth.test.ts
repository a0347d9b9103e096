import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * The one synthesis with real bundling (esbuild, every function) and the CDK's CloudFormation
 * validation, as `cdk synth` and `cdk deploy` run it: ~20 s, so it is a tier of its own; the unit
 * tier's template tests synthesize with bundling skipped.
 */
describe('Synthesis', () => {
  it('runs `cdk synth` offline from cdk.json, bundling every function with the local esbuild', async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'dvcp-cdk-out-'));
    try {
      await run('npx', ['cdk', 'synth', '--quiet', '--output', outdir], { cwd: path.resolve(import.meta.dirname, '../..'), timeout: 120_000 });
      const templateFile = readdirSync(outdir).find((name) => name.endsWith('.template.json'))!;
      const template = JSON.parse(readFileSync(path.join(outdir, templateFile), 'utf8')) as { Resources: Record<string, { Type: string }> };
      const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
      expect(functions.length).toBeGreaterThanOrEqual(7);
      const bundles = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
      expect(bundles.length).toBeGreaterThanOrEqual(7);
      for (const bundle of bundles.filter((b) => readdirSync(path.join(outdir, b)).includes('index.mjs'))) {
        expect(readFileSync(path.join(outdir, bundle, 'index.mjs'), 'utf8').length).toBeGreaterThan(1000);
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

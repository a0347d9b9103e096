import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthesizeTemplate } from '../../infra/local/synth.js';

const run = promisify(execFile);

const prodStage = {
  stage: 'prod',
  stages: {
    prod: {
      senderAddress: 'no-reply@danvan.gov.vn',
      publicBaseUrl: 'https://congviec.danvan.gov.vn',
      operatorEmail: 'vanhanh@danvan.gov.vn',
      removalPolicy: 'retain',
    },
  },
};

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

  it('protects the table from deletion and keeps it on stack deletion in production', () => {
    const template = Template.fromJSON(synthesizeTemplate(prodStage) as never);
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: { Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] },
    });
  });
});

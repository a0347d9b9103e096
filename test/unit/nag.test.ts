import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, aws_secretsmanager as secretsmanager, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { PROJECT_ROOT } from '../../infra/constructs/house-function.js';

const cdkContext = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

/** Synthesizes the app as `cdk synth` does (with the AWS Solutions checks), bundling skipped; returns the error, if any. */
const synthWithNag = (extraContext: Record<string, unknown>): string | undefined => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'dvcp-nag-'));
  try {
    const { app } = buildApp({ outdir, context: { ...cdkContext, ...extraContext, 'aws:cdk:bundling-stacks': [] } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    app.synth();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
};

describe('cdk-nag: AWS Solutions checks', () => {
  it('fails the synthesis on a finding nobody acknowledged (the gate works)', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'dvcp-nag-'));
    try {
      const app = new App({ outdir });
      new secretsmanager.Secret(new Stack(app, 'Unrotated'), 'Secret');
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      expect(() => app.synth()).toThrow(/secret does not have automatic rotation/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('finds nothing unacknowledged in the dev stage', () => {
    expect(synthWithNag({})).toBeUndefined();
  });

  it('finds nothing unacknowledged in a production stage', () => {
    const prod = {
      senderAddress: 'no-reply@danvan.gov.vn',
      publicBaseUrl: 'https://xuly.danvan.gov.vn',
      operatorEmail: 'vanhanh@danvan.gov.vn',
      removalPolicy: 'retain',
    };
    expect(synthWithNag({ stage: 'prod', stages: { ...(cdkContext.stages as object), prod } })).toBeUndefined();
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../build-app.js';
import { PROJECT_ROOT } from '../constructs/house-function.js';
import type { CfnTemplate } from './template.js';

/**
 * Synthesizes the very app `cdk deploy` would deploy and returns its template. Bundling is skipped
 * (`aws:cdk:bundling-stacks: []`): locally the handlers run from source in this process. So is the
 * CDK's built-in CloudFormation validation (`CDK_VALIDATION=false`), which takes ~7 of the ~7.5 s
 * of a synth here and only reports on the template: `cdk synth`, `cdk deploy` and the synth tests
 * still run it.
 */
export const synthesizeTemplate = (extraContext: Record<string, unknown> = {}): CfnTemplate => {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const outdir = mkdtempSync(path.join(tmpdir(), 'dvcp-synth-'));
  const validation = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    const { stack } = buildApp({ outdir, context: { ...cdkJson.context, ...extraContext, 'aws:cdk:bundling-stacks': [] } });
    return Template.fromStack(stack).toJSON() as CfnTemplate;
  } finally {
    if (validation === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = validation;
    rmSync(outdir, { recursive: true, force: true });
  }
};

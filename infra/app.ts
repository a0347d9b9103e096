import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from './build-app.js';

const { app, synth } = buildApp();
// `cdk synth` and `cdk deploy` refuse a template with an unacknowledged AWS Solutions finding (test/unit/nag.test.ts runs the same check).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
synth();

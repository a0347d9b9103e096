import { App, type AppProps, Tags } from 'aws-cdk-lib';
import { readStageConfig } from './config.js';
import { CoordinationStack } from './stack.js';

export const STACK_PREFIX = 'DanVanCoordination';

/** Builds the CDK app; `cdk synth`, the tests and the local runtime all start here. */
export const buildApp = (props: AppProps = {}): { app: App; stack: CoordinationStack; synth: () => void } => {
  const app = new App(props);
  const config = readStageConfig(app.node);
  const stack = new CoordinationStack(app, `${STACK_PREFIX}-${config.stage}`, {
    config,
    description: 'Coordination programs of the Ban Dân vận: workflows, reminders and escalations',
  });
  Tags.of(app).add('project', 'dan-van-coordination');
  Tags.of(app).add('stage', config.stage);
  return { app, stack, synth: () => app.synth() };
};

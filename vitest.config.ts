import { defineConfig } from 'vitest/config';

/**
 * The suite in tiers (vitest projects): `vitest run` runs them all, `vitest run --project unit` one.
 * - unit: pure functions, handlers on mocks, the synthesized template and cdk-nag (no JVM, no browser);
 * - synth: `cdk synth` as a deployer runs it, bundling every function with esbuild;
 * - local: the local system (DynamoDB Local, Step Functions, SES stand-ins) driven end to end;
 * - browser: the emailed pages in Chromium;
 * - faults: fault injection, SIGKILL restarts and property tests, with the reliability table.
 */
export default defineConfig({
  test: {
    // Every stage registers its step kinds and milestones, as each function's bundle does (infra/stages.ts).
    setupFiles: ['test/setup/register-stages.ts'],
    pool: 'forks',
    // Local-stand-in tests each start DynamoDB Local (a JVM); two at a time suits a 2-core machine.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // A passing test prints nothing; a failing one prints what it logged (its handlers' ERROR logs
    // included) after its failure. Faults are injected on purpose, so ERROR logs are routine here.
    silent: 'passed-only',
    env: {
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      // Powertools then logs through the global console, which vitest captures per test, instead of
      // its own console on process.stdout, which vitest cannot hold back for passing tests.
      POWERTOOLS_DEV: 'true',
      // No test reads the metrics (EMF lines on stdout); handlers imported before the local system
      // switches them off would otherwise print one per email sent.
      POWERTOOLS_METRICS_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // The CDK's built-in CloudFormation validation (~7 s a synthesis) only ever warns; the synth
          // tier runs it (`cdk synth`), the unit tier's syntheses (cdk-nag included) skip it.
          env: { CDK_VALIDATION: 'false' },
        },
      },
      { extends: true, test: { name: 'synth', include: ['test/synth/**/*.test.ts'] } },
      { extends: true, test: { name: 'local', include: ['test/local/**/*.test.ts'] } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts', 'test/property/**/*.test.ts'],
          // Prints the reliability table of the fault and property suites after a run.
          globalSetup: ['test/faults/global-setup.ts'],
        },
      },
    ],
  },
});

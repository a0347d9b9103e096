import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Prints the reliability table of the fault and property suites (test/faults, test/property) after a run.
    globalSetup: ['test/faults/global-setup.ts'],
    // Every stage registers its step kinds and milestones, as each function's bundle does (infra/stages.ts).
    setupFiles: ['test/setup/register-stages.ts'],
    pool: 'forks',
    // Local-stand-in tests each start DynamoDB Local (a JVM); two at a time suits a 2-core machine.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});

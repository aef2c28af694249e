import { defineConfig } from 'vitest/config';

// The AWS SDK warns about Node 20 in every process that loads it, this one included (global setup).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * DynamoDB Local, for the projects with a file that reaches it through inject('dynamoEndpoint')
 * (test/support/dynamo.ts): integration, infra (bundling), e2e (stream poller). Unit tests never start
 * it, so they run without Java; a run of several of these projects shares one JVM (see the setup).
 */
const dynamoDbLocal = ['test/support/global-setup.ts'];

export default defineConfig({
  test: {
    // Handlers called through makeHandler flush their EMF metrics to stdout unless a test sends them elsewhere
    // (shared/metrics.ts); Powertools drops them instead, so they never reach a test's output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_METRICS_DISABLED: 'true' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    restoreMocks: true,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], globalSetup: dynamoDbLocal },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], globalSetup: dynamoDbLocal },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: dynamoDbLocal },
      },
    ],
  },
});

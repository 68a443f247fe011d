import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The default summary, then one line naming the suites skipped for want of Chromium, moto or Terraform.
    reporters: ['default', './test/support/skipped-reporter.ts'],
    // The SDK warns on Node 20 (NodeVersionSupportWarning); it is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // A poll waits for what must happen; how soon is the benchmark's business. Vitest's 1 s failed
    // browser tests whose console retries after 0.5–1 s when CI's two cores were busy.
    expect: { poll: { timeout: 15_000 } },
    // Code under test that logs (Powertools, straight to stdout) would clutter the output; the tests
    // of what is logged (test/unit/observability, the local runtime's log) turn it back on.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});

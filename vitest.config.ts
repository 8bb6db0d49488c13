import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // tfjs backends are process-global singletons: isolate files in forks.
    pool: 'forks',
    // The default console reporter, plus a JSON record CI reads for its closing summary line.
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }]],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // tfjs's wasm backend initialises once per file; descriptor maps on real images take seconds on 2 cores.
    testTimeout: 60_000,
    pool: 'forks',
  },
});

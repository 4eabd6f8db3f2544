import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Browser and LibreOffice suites start heavy processes; two cores, so few workers.
    maxWorkers: 2,
  },
});

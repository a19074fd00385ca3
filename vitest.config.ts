import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/src/**/*.test.ts', 'labs/**/*.test.ts', 'scripts/**/*.test.ts', 'conformance/**/*.test.ts'],
    environment: 'node',
    // Forks, not threads: in one process the whole suite ran out of heap (4.9 GB, OOM abort);
    // a process per worker frees each file's memory. Generous timeout for slow, shared CI boxes.
    pool: 'forks',
    testTimeout: 30_000,
  },
});

/**
 * electron-vite build of the desktop app: main (electron/main.ts), a sandboxed preload
 * (electron/preload.ts, bundled to one CommonJS file as sandboxed preloads require) and the
 * renderer (renderer/index.html). Output in out/{main,preload,renderer}; web mode serves the
 * same out/renderer (renderer/vite.config.ts builds only that part).
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const here = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(here, 'out/main'),
      rolldownOptions: { input: { main: resolve(here, 'electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: resolve(here, 'out/preload'),
      // A sandboxed preload cannot load modules: everything but 'electron' is bundled in.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve(here, 'electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(here, 'renderer'),
    base: './',
    plugins: [vue()],
    build: {
      outDir: resolve(here, 'out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: { index: resolve(here, 'renderer/index.html') } },
    },
  },
});

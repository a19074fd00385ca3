/**
 * Builds only the renderer, for web mode (`netlab serve`, the e2e tests) where the Electron
 * toolchain is not needed. Same output folder as electron-vite's renderer build, so web mode
 * serves whichever built last. Owned by BACKEND (the build); the app itself is WINDOW's.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: './',
  plugins: [vue()],
  build: {
    outDir: resolve(here, '../out/renderer'),
    emptyOutDir: true,
    // One desktop app bundle (xterm, Cytoscape, vue): size warnings are noise here.
    chunkSizeWarningLimit: 4096,
    rollupOptions: { input: { index: resolve(here, 'index.html') } },
  },
});

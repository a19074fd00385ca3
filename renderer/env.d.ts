/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

interface Window {
  /** The Electron preload bridge; absent in a plain browser (web mode). */
  netlab?: import('../shared/api/contract').NetlabApi;
  /** A read-only debug handle for e2e tests (terminal buffers, selection, walk state). */
  __netlab?: unknown;
}

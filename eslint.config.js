// Layering is enforced here, not only by habit: shared/ is the pure, deterministic layer.
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'playwright-report/**', 'e2e/artifacts/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', 'fs', 'child_process', 'path', 'os', 'net', 'http', 'vue', 'ws'].map((name) => ({ name, message: 'shared/ is pure TypeScript: no Electron, Node or DOM imports.' })),
        patterns: [{ group: ['node:*'], message: 'shared/ is pure TypeScript: no node: imports.' }, { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ must not import from electron/ or renderer/.' }],
      }],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Use the injected EngineEnv rng.' },
        { object: 'Date', property: 'now', message: 'Use the injected EngineEnv clock.' },
      ],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'window', 'document', 'process', 'require'],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/shared/*', '!**/shared/api', '!**/shared/api/*'], message: 'The renderer imports only shared/api.' },
          { group: ['electron', '**/electron/**'], message: 'The renderer never imports Electron or main-process code.' },
        ],
      }],
    },
  },
  {
    // Only main.ts, preload.ts and ipc.ts touch Electron: the host, web mode and the CLI run in plain Node.
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: "Only electron/main.ts, preload.ts and ipc.ts may import 'electron'.", allowTypeImports: true }],
      }],
    },
  },
);

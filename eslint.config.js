import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The doors between rooms (see ../shared/STYLE.md): the engine is pure and runs in Node, the worker
// and the CLI; only src/engine/tf may import TensorFlow.js; nothing but the app imports React or zustand.
const noDomOrReact = {
  patterns: [
    { group: ['react', 'react-dom', 'react-konva', 'konva', 'zustand', 'zustand/*'], message: 'The engine is pure: no UI libraries. Return data; let src/app draw it.' },
    { group: ['**/app/**', '**/worker/**', '**/cli/**'], message: 'The engine must not reach into the app, the worker or the CLI.' },
  ],
};
const tfOnlyInTf = { group: ['@tensorflow/*'], message: 'Only src/engine/tf imports TensorFlow.js; import { tf } from "../tf".' };

export default tseslint.config(
  { ignores: ['dist', 'node_modules', '.tmp', 'test-results', 'playwright-report', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/tf/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...noDomOrReact.patterns, tfOnlyInTf] }] },
  },
  {
    files: ['src/engine/tf/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noDomOrReact] },
  },
  {
    files: ['src/app/**/*.{ts,tsx}', 'src/cli/**/*.ts', 'src/worker/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tfOnlyInTf] }] },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);

// One lint for every part of the tree: the server and its cloud functions, the tests and scripts,
// the CMS (Vue) and the mini program. The rule sets are the recommended ones; the few changes
// below are where the recommended rule fights a deliberate habit of this code base.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'coverage/**',
      'artifacts/**',
      '.data/**',
      // built by `npm run build` from the .ts entry beside them
      'cloudfunctions/*/index.js',
      'miniprogram/miniprogram_npm/**',
    ],
  },

  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Payloads from WeChat, CloudBase and knex rows are untyped at the edge; `any` there is
      // a choice, flagged so new code thinks twice, not forbidden.
      '@typescript-eslint/no-explicit-any': 'warn',
      // `_`-prefixed names are kept on purpose (positional parameters, destructuring to omit).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // `new Function` hides code from review and from the bundlers; where a test needs it the
      // line says why.
      'no-new-func': 'error',
    },
  },

  // Node: the server, the cloud functions and everything run by jest or tsx.
  {
    files: ['server/**', 'cloudfunctions/**', 'scripts/**', 'bench/**', 'sql/**', 'tests/**', 'mp-tests/**', 'mp-tools/**', '*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  // The mini program harness loads the simulator and the mini program's own CommonJS modules with
  // require() on purpose (fresh per load, or by computed path); a warning, so each such line
  // says so with a disable comment.
  {
    files: ['mp-tests/**'],
    rules: { '@typescript-eslint/no-require-imports': 'warn' },
  },
  // CommonJS config files that jest loads with require().
  {
    files: ['**/jest.config.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // The CMS: Vue single-file components with <script setup lang="ts"> in the browser.
  {
    files: ['admin-cms/**/*.{ts,vue}'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] },
    },
  },

  // The mini program: WeChat's globals (wx, Page, Component, getApp) come from its typings in .ts.
  {
    files: ['miniprogram/**'],
    languageOptions: {
      globals: {
        wx: 'readonly',
        App: 'readonly',
        Page: 'readonly',
        Component: 'readonly',
        Behavior: 'readonly',
        getApp: 'readonly',
        getCurrentPages: 'readonly',
      },
    },
  },

  // Formatting is Prettier's; turn off every stylistic rule it would fight with.
  prettier,
);

/**
 * Mini program tests: miniprogram-simulate renders the real WXML/WXSS/TS of each page and
 * component in jsdom, and a fake `wx` routes every backend call to the REAL cloud functions on a
 * fresh test database. Kept apart from miniprogram-ci (mp-tools/), whose install hoists an old
 * @babel/core: the transform is set explicitly to the root's @swc/jest, so babel-jest is never used.
 */
const path = require('path');

const root = path.resolve(__dirname, '..');

module.exports = {
  rootDir: __dirname,
  displayName: 'miniprogram',
  testEnvironment: 'jsdom',
  // Server code (knex, better-sqlite3, zod) runs in the same jest realm: resolve node builds, not browser ones.
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons', 'require', 'default'] },
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': [
      path.join(root, 'node_modules/@swc/jest'),
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  setupFiles: ['<rootDir>/tests/support/setup.ts'],
  testTimeout: 30000,
};

/**
 * `npm test` (scripts/test.mjs) runs the backend suites twice: against embedded SQLite and
 * against MySQL. Each test file gets its own database (tests/support/test-db.ts).
 */
const backend = (db) => ({
  displayName: db,
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/browser/'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  setupFiles: [`<rootDir>/tests/support/use-${db}.ts`],
  testTimeout: 30000,
});

module.exports = {
  projects: [backend('sqlite'), backend('mysql')],
  // A global option: jest ignores testTimeout inside a project, which left hooks at 5 s and made
  // MySQL suites time out (and then hang on unclosed pools) on a loaded machine.
  testTimeout: 30000,
};

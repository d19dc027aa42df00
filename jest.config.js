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
});

/**
 * Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) against the real local
 * runtime on MySQL. `npm test` adds it when Chromium and MySQL are there (REQUIRE_BROWSER=1: must be);
 * `npm run test:browser` runs it alone.
 */
const browser = {
  displayName: 'browser',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  setupFiles: ['<rootDir>/tests/support/use-mysql.ts'],
};

module.exports = {
  // Global (not per project): hooks create and migrate a database per file, slow on a loaded 2-core CI box.
  testTimeout: 60000,
  projects: [backend('sqlite'), backend('mysql'), browser],
};

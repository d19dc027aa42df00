const path = require('path');
const root = path.resolve(__dirname, '..');
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': [require.resolve(path.join(root, 'node_modules/@swc/jest'))] },
  testTimeout: 30000,
};

/**
 * `npm run mp:shots`: every page rendered by miniprogram-simulate with the npm components really
 * loaded (TDesign, mp-html), turned into HTML and photographed by Chromium at 375 px
 * (artifacts/mp/<page>.png), then checked for horizontal overflow. Same realm and fake `wx` as the
 * page tests; TDesign/mp-html ship ES modules, so their .js go through the same transform.
 */
const path = require('path');
const base = require('./jest.config');

const root = path.resolve(__dirname, '..');
const swc = [
  path.join(root, 'node_modules/@swc/jest'),
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];

module.exports = {
  ...base,
  displayName: 'mp-shots',
  testMatch: ['<rootDir>/shots/**/*.test.ts'],
  transform: { '^.+\\.(ts|js)$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(tdesign-miniprogram|mp-html)/)'],
  setupFiles: ['<rootDir>/shots/env.ts', ...base.setupFiles],
  testTimeout: 300000,
};

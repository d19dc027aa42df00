// The backend half of the flow uses SQLite (a fresh in-memory database per app); the MySQL
// behaviour of the same functions is covered by the backend suites.
process.env.TEST_DB = process.env.TEST_DB || 'sqlite';
// jsdom lacks these Node globals that the server code (knex, mysql2, crypto) uses.
const g = globalThis as Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const timers = require('node:timers');
g.setImmediate ??= timers.setImmediate;
g.clearImmediate ??= timers.clearImmediate;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const util = require('node:util');
g.TextEncoder ??= util.TextEncoder;
g.TextDecoder ??= util.TextDecoder;
g.structuredClone ??= (v: unknown) => JSON.parse(JSON.stringify(v));

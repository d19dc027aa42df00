import { DB_TIMEOUT_DEFAULTS, servingTimeouts } from '../../server/db/connection';
import { loadConfig } from '../../server/platform/config';

/** The serving runtimes always have database deadlines (issue 14); DB_*_TIMEOUT_MS only override them. */
describe('serving database deadlines', () => {
  it('are the defaults when nothing is configured, in seconds not minutes', () => {
    expect(servingTimeouts(loadConfig({ PORT: '0' }).dbTimeouts)).toEqual(DB_TIMEOUT_DEFAULTS);
    for (const ms of Object.values(DB_TIMEOUT_DEFAULTS)) expect(ms).toBeLessThanOrEqual(10_000);
  });

  it('take what the environment sets and ignore nonsense', () => {
    const config = loadConfig({ PORT: '0', DB_QUERY_TIMEOUT_MS: '1500', DB_CONNECT_TIMEOUT_MS: 'soon', DB_ACQUIRE_TIMEOUT_MS: '-1' });
    expect(servingTimeouts(config.dbTimeouts)).toEqual({ ...DB_TIMEOUT_DEFAULTS, queryTimeoutMs: 1500 });
  });
});

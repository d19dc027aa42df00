import { callerFromWxContext, wxContextFromEnv } from '../../server/platform/cloud-context';

/** Our env reading must agree with wx-server-sdk's own getWXContext() for the same env. */
describe('cloud caller from the platform context', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  const cases: Array<Record<string, string>> = [
    {
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP',
      WX_OPENID: 'oAbc_123',
      WX_APPID: 'wx123',
      WX_UNIONID: 'uX',
      WX_CLIENTIP: '1.2.3.4',
      TCB_ENV: 'env-1',
      TCB_SOURCE: 'wx_client',
    },
    {
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_API_TOKEN',
      WX_OPENID: 'o2',
      WX_API_TOKEN: 'secret',
      SCF_NAMESPACE: 'ns',
      TCB_SOURCE: 'wx_paycallback',
    },
    { TCB_SOURCE: 'wx_trigger' },
    { WX_CONTEXT_KEYS: 'WX_OPENID', TCB_SOURCE: 'wx_client,scf' },
  ];

  it.each(cases)('matches getWXContext() for %j', (env) => {
    for (const key of Object.keys(process.env))
      if (key.startsWith('WX_') || key.startsWith('TCB_') || key === 'SCF_NAMESPACE') delete process.env[key];
    Object.assign(process.env, env);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cloud = require('wx-server-sdk') as { getWXContext(): Record<string, unknown> };
    const theirs = Object.fromEntries(
      Object.entries(cloud.getWXContext())
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    expect(wxContextFromEnv(process.env)).toEqual(theirs);
  });

  it('never exposes the API token and takes identity only from the context', () => {
    const ctx = wxContextFromEnv({
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_API_TOKEN',
      WX_OPENID: 'o9',
      WX_API_TOKEN: 't',
      TCB_SOURCE: 'wx_client',
    });
    expect(ctx).not.toHaveProperty('API_TOKEN');
    expect(callerFromWxContext(ctx)).toMatchObject({ openid: 'o9', source: 'wx_client', adminCredential: null });
    expect(callerFromWxContext({})).toMatchObject({ openid: null, source: '' });
  });
});

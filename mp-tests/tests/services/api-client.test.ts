import { createMpApp, type MpApp } from '../support/mp';

/**
 * The one API client: picks the transport from config, unwraps the envelope, and turns every
 * failure into an ApiError with a code pages can branch on.
 */
describe('API client', () => {
  let app: MpApp;
  let api: any;
  let errors: any;
  let config: any;
  beforeAll(async () => {
    app = await createMpApp({ openid: 'api-learner' });
    api = app.mp('services/api');
    errors = app.mp('services/errors');
    config = app.mp('config/index');
  });
  afterAll(() => app.close());
  afterEach(() => {
    app.fake.online = true;
    config.setConfig({ mode: 'cloud' });
  });

  it('cloud mode: wx.cloud.callFunction with { $url, ...input }, returning data', async () => {
    config.setConfig({ mode: 'cloud' });
    const data = await api.call('catalog', 'column', { columnId: 1 });
    expect(data.column.title).toBe('高效学习的科学');
    expect(app.fake.calls.at(-1)).toEqual({ name: 'catalog', action: 'column', input: { columnId: 1 } });
  });

  it('local mode: wx.request POST /fn/<name> with the dev openid header', async () => {
    config.setConfig({ mode: 'local', devOpenid: 'api-learner' });
    const seen: any[] = [];
    const original = app.fake.wx.request;
    app.fake.wx.request = (opts: any) => {
      seen.push(opts);
      return original(opts);
    };
    try {
      const data = await api.call('catalog', 'home');
      expect(data.columns.length).toBeGreaterThan(0);
    } finally {
      app.fake.wx.request = original;
    }
    expect(seen[0]).toMatchObject({
      url: 'http://127.0.0.1:3000/fn/catalog',
      method: 'POST',
      data: { $url: 'home' },
      header: { 'x-wx-openid': 'api-learner' },
    });
  });

  it('an error envelope becomes an ApiError carrying the server code, message and details', async () => {
    for (const mode of ['cloud', 'local']) {
      config.setConfig({ mode });
      const err = await api.call('catalog', 'column', { columnId: 'x' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(errors.ApiError);
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.message).toBeTruthy();
      expect(JSON.stringify(err.details)).toContain('columnId');
      const missing = await api.call('catalog', 'column', { columnId: 999999 }).catch((e: unknown) => e);
      expect(missing.code).toBe('NOT_FOUND');
    }
  });

  it('a dropped connection is NETWORK in both modes', async () => {
    app.fake.online = false;
    for (const mode of ['cloud', 'local']) {
      config.setConfig({ mode });
      const err = await api.call('catalog', 'home').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(errors.ApiError);
      expect(err.code).toBe('NETWORK');
    }
  });

  it('a reply that is not an envelope is BAD_RESPONSE', async () => {
    config.setConfig({ mode: 'local' });
    const original = app.fake.wx.request;
    app.fake.wx.request = ({ success }: any) => setTimeout(() => success({ statusCode: 200, data: '<html>portal</html>' }), 0);
    try {
      expect((await api.call('catalog', 'home').catch((e: unknown) => e)).code).toBe('BAD_RESPONSE');
    } finally {
      app.fake.wx.request = original;
    }
  });

  it('relative cover paths resolve against the gateway in local mode only', () => {
    config.setConfig({ mode: 'local', gatewayUrl: 'http://192.0.2.1:3000' });
    expect(api.assetUrl('/static/covers/a.svg')).toBe('http://192.0.2.1:3000/static/covers/a.svg');
    expect(api.assetUrl('cloud://env/a.png')).toBe('cloud://env/a.png');
    expect(api.assetUrl('https://cdn.example/a.png')).toBe('https://cdn.example/a.png');
    expect(api.assetUrl('')).toBe('');
    config.setConfig({ mode: 'cloud', gatewayUrl: 'http://127.0.0.1:3000' });
    expect(api.assetUrl('/static/covers/a.svg')).toBe('/static/covers/a.svg');
  });
});

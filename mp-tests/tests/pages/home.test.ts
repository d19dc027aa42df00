import { createMpApp, type MpApp } from '../support/mp';

describe('home page', () => {
  let app: MpApp;
  beforeAll(async () => {
    app = await createMpApp();
  });
  afterAll(() => app.close());

  it('shows featured columns and the latest articles from catalog.home', async () => {
    const home = await app.open('/pages/home/index/index');
    console.log(home.text().slice(0, 500));
    expect(home.page.data.status).toBe('ok');
  });
});

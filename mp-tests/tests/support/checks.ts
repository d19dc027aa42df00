import type { MpApp, Rendered } from './mp';

/** Asserts that the page shows every fragment; a failure names the one that is missing. */
export function expectToShow(page: Rendered, ...fragments: string[]): void {
  const text = page.text();
  for (const fragment of fragments) expect(text).toContain(fragment);
}

/** Opens `route` and asserts it loaded (state-view shows the content). */
export async function openLoaded(app: MpApp, route: string): Promise<Rendered> {
  const page = await app.open(route);
  expect(page.page.data.status).toBe('ok');
  return page;
}

/**
 * Opens `route` with the network down and asserts the error state with the network wording.
 * The network is back on afterwards, so the caller can go on to retry.
 */
export async function openOffline(app: MpApp, route: string): Promise<Rendered> {
  app.fake.online = false;
  try {
    const page = await app.open(route);
    expect(page.page.data.status).toBe('error');
    expect(page.text()).toContain('网络不给力');
    return page;
  } finally {
    app.fake.online = true;
  }
}

import { cloudMediaStore, type TempUrlApp } from '../../../server/adapters/media-store/cloud-media-store';

/**
 * The CloudBase adapter against replies shaped like the SDK's documented ones
 * (@cloudbase/node-sdk IGetFileUrlResult: `{ fileList: [{ fileID, tempFileURL, code }] }`;
 * wx-server-sdk answers `status: 0` per file instead of `code`).
 */
function fakeApp(reply: Awaited<ReturnType<TempUrlApp['getTempFileURL']>>) {
  const calls: Array<Parameters<TempUrlApp['getTempFileURL']>[0]> = [];
  const app: TempUrlApp = {
    async getTempFileURL(options) {
      calls.push(options);
      return reply;
    },
  };
  return { app, calls };
}

const FILE = 'cloud://prod-1a2b.7072-prod-1a2b-1250000000/media/lesson.mp3';

describe('cloudMediaStore (CloudBase getTempFileURL)', () => {
  it('asks for one file with the short maxAge and returns its temp URL', async () => {
    const { app, calls } = fakeApp({
      requestId: 'r1',
      fileList: [{ fileID: FILE, tempFileURL: 'https://7072-prod.tcb.qcloud.la/media/lesson.mp3?sign=abc&t=1', code: 'SUCCESS' }],
    } as never);
    const store = cloudMediaStore(() => app);
    await expect(store.signedUrl(FILE, { ttlSec: 700 })).resolves.toBe('https://7072-prod.tcb.qcloud.la/media/lesson.mp3?sign=abc&t=1');
    expect(calls).toEqual([{ fileList: [{ fileID: FILE, maxAge: 700 }] }]);
  });

  it('accepts the wx-server-sdk shape (status: 0)', async () => {
    const { app } = fakeApp({ fileList: [{ fileID: FILE, tempFileURL: 'https://x/y', status: 0, errMsg: 'ok' }] });
    await expect(cloudMediaStore(() => app).signedUrl(FILE, { ttlSec: 60 })).resolves.toBe('https://x/y');
  });

  it('fails loudly — without echoing the file id — when the file is missing or the call failed', async () => {
    const missing = fakeApp({ fileList: [{ fileID: FILE, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST' }] });
    await expect(cloudMediaStore(() => missing.app).signedUrl(FILE, { ttlSec: 60 })).rejects.toThrow('STORAGE_FILE_NONEXIST');
    const failed = fakeApp({ code: 'PERMISSION_DENIED', message: 'no' });
    const err = await cloudMediaStore(() => failed.app)
      .signedUrl(FILE, { ttlSec: 60 })
      .catch((e: Error) => e);
    expect(String(err)).toContain('PERMISSION_DENIED');
    expect(String(err)).not.toContain(FILE);
  });

  it('creates the SDK app lazily, once', async () => {
    let created = 0;
    const { app } = fakeApp({ fileList: [{ fileID: FILE, tempFileURL: 'https://x/y', code: 'SUCCESS' }] });
    const store = cloudMediaStore(() => {
      created += 1;
      return app;
    });
    expect(created).toBe(0);
    await store.signedUrl(FILE, { ttlSec: 60 });
    await store.signedUrl(FILE, { ttlSec: 60 });
    expect(created).toBe(1);
  });
});

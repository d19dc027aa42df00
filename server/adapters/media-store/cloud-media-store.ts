import type { MediaStore } from '../../ports/media-store';

/**
 * The part of `@cloudbase/node-sdk`'s app we use. Reply shape per its typings
 * (IGetFileUrlResult): `{ fileList: [{ fileID, tempFileURL, code }] }` with `code: 'SUCCESS'`
 * per file; a failed call carries a top-level `code`/`message` instead. wx-server-sdk's
 * `cloud.getTempFileURL` answers the same list with `status: 0` — both are accepted.
 */
export interface TempUrlApp {
  getTempFileURL(options: { fileList: Array<{ fileID: string; maxAge: number }> }): Promise<{
    code?: string;
    message?: string;
    fileList?: Array<{ fileID?: string; fileid?: string; tempFileURL?: string; code?: string; status?: number; errMsg?: string }>;
  }>;
}

function defaultApp(): TempUrlApp {
  // Required here, not at module top: the SDK costs cold-start time only when media is played.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tcb = require('@cloudbase/node-sdk') as typeof import('@cloudbase/node-sdk');
  return tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }) as unknown as TempUrlApp;
}

/** CloudBase storage: private files get a temporary URL with a short `maxAge` after access is granted. */
export function cloudMediaStore(createApp: () => TempUrlApp = defaultApp): MediaStore {
  let app: TempUrlApp | undefined;
  return {
    async signedUrl(fileId, { ttlSec }) {
      app ??= createApp();
      const reply = await app.getTempFileURL({ fileList: [{ fileID: fileId, maxAge: ttlSec }] });
      const item = reply.fileList?.find((f) => (f.fileID ?? f.fileid) === fileId) ?? reply.fileList?.[0];
      const succeeded =
        item &&
        item.tempFileURL &&
        (item.code === 'SUCCESS' || item.status === 0 || (item.code === undefined && item.status === undefined));
      // The error names neither the file id nor the SDK reply: messages may reach logs a client sees.
      if (!succeeded) throw new Error(`getTempFileURL failed: ${reply.code ?? item?.code ?? item?.status ?? 'no file in reply'}`);
      return item.tempFileURL!;
    },
  };
}

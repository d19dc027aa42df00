/**
 * Private media (audio/video) lives in storage as file ids the client never sees. The access
 * service calls `signedUrl` only after granting access.
 * Adapters: CloudBase `getTempFileURL` with a short maxAge (cloud, server/adapters/media-store/
 * cloud-media-store.ts), HMAC-signed expiring URLs served by the emulator (local-media-store.ts).
 */
export interface MediaStore {
  /** A URL that plays `fileId` for `ttlSec` seconds from now, then stops working. */
  signedUrl(fileId: string, opts: { ttlSec: number }): Promise<string>;
}

const LOCAL_FILE_ID_PREFIX = 'media/';
// Plain path segments only: no `..`, no empty segments, no leading dots, no encoded tricks.
const SAFE_PATH = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*(?:\/[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)*$/;

export const isSafeMediaPath = (mediaPath: string): boolean => SAFE_PATH.test(mediaPath);

/**
 * The path under the local media dir a local file id (`media/<path>`) names, or null when it is
 * not a safe local id. Here rather than in the local adapter because the users domain checks
 * avatars against it too.
 */
export function localMediaPath(fileId: string): string | null {
  if (!fileId.startsWith(LOCAL_FILE_ID_PREFIX)) return null;
  const rest = fileId.slice(LOCAL_FILE_ID_PREFIX.length);
  return rest.length <= 400 && SAFE_PATH.test(rest) ? rest : null;
}

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

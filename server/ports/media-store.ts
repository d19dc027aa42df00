/**
 * Private media (audio/video) lives in storage as file ids the client never sees. The access
 * service calls `signedUrl` only after granting access.
 * Adapters: CloudBase `getTempFileURL` with a short maxAge (cloud), HMAC-signed expiring URLs
 * served by the emulator (local).
 */
export interface MediaStore {
  signedUrl(fileId: string, opts: { ttlSec: number }): Promise<string>;
}

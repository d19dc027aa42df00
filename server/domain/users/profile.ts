import { localMediaPath } from '../../ports/media-store';

/**
 * Avatars must be files this product stored, never an arbitrary URL (a tracking pixel, an
 * offensive image hosted elsewhere, a link that changes after review):
 * - in the cloud: a CloudBase file id of this environment, `cloud://<envId>.<bucket>/<path>`
 *   (what `wx.cloud.uploadFile` returns for the chosen avatar);
 * - in local runs: a local upload, `media/uploads/<path>` under the local media directory.
 * Both are images by extension.
 */
const IMAGE = /\.(png|jpe?g|webp|gif)$/i;
const CLOUD_FILE = /^cloud:\/\/([A-Za-z0-9-]+)\.[A-Za-z0-9-]+\/[A-Za-z0-9][A-Za-z0-9_\-./]*$/;

export function isUploadedAvatar(ref: string, cloudEnvId: string | undefined): boolean {
  if (!IMAGE.test(ref) || ref.includes('..')) return false;
  const cloud = CLOUD_FILE.exec(ref);
  if (cloud) return cloudEnvId !== undefined && cloud[1] === cloudEnvId;
  const local = localMediaPath(ref);
  return local !== null && local.startsWith('uploads/');
}

import { localMediaPath } from '../../ports/media-store';

/**
 * What a column's cover may be. Covers are public (the shop shows them to everyone), so an
 * uploaded one is a storage file id the mini program's <image> shows directly in the cloud; the
 * CMS previews it through a signed link.
 */
const CLOUD_FILE = /^cloud:\/\/[A-Za-z0-9-]+\.[A-Za-z0-9-]+\/[A-Za-z0-9][A-Za-z0-9_\-./]*$/;
const STATIC_IMAGE = /^\/static\/[A-Za-z0-9][A-Za-z0-9_\-/]*\.(png|jpe?g|webp|gif|svg)$/i;
const HTTPS = /^https?:\/\/[^\s"'<>]+$/i;

export function isUploadedCover(ref: string): boolean {
  return (CLOUD_FILE.test(ref) && !ref.includes('..')) || localMediaPath(ref)?.startsWith('uploads/') === true;
}

export function isCoverRef(ref: string): boolean {
  if (ref.includes('..')) return false;
  return isUploadedCover(ref) || STATIC_IMAGE.test(ref) || HTTPS.test(ref);
}

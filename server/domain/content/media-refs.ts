import type { MediaStore } from '../../ports/media-store';
import type { Logger } from '../../runtime/logger';

/**
 * Images in an article are stored as file ids (`media/uploads/…` locally, `cloud://…` in the
 * cloud) inside the markdown and the saved html, never as URLs: a URL would outlive the sale it
 * was minted for. At read time the access service signs only the ids in the html the viewer may
 * see — the preview for a non-buyer, the whole body for a buyer — so an image in a paid part is
 * never reachable without access (the signature is the key; storage itself stays private).
 */
const IMG_SRC = /(<img\b[^>]*?\ssrc=")((?:media\/|cloud:\/\/)[^"]+)(")/gi;

/** An image lives at least as long as a reading session; long enough for a long article. */
export const IMAGE_TTL_SEC = 2 * 3600;

/** The distinct media file ids the html's images name. */
export function imageFileIds(html: string): string[] {
  return [...new Set([...html.matchAll(IMG_SRC)].map((m) => decodeHtmlAttr(m[2])))];
}

/**
 * Replaces each image's file id by a signed URL. An image that cannot be signed loses its
 * source (the text stays readable); the failure is logged without the id.
 */
export async function signImages(html: string, media: MediaStore, log?: Logger): Promise<string> {
  const ids = imageFileIds(html);
  if (!ids.length) return html;
  const signed = new Map<string, string>();
  await Promise.all(
    ids.map(async (id) => {
      try {
        signed.set(id, await media.signedUrl(id, { ttlSec: IMAGE_TTL_SEC }));
      } catch (err) {
        log?.error('media.sign_failed', { kind: 'image', error: err instanceof Error ? err.message : String(err) });
        signed.set(id, '');
      }
    }),
  );
  return html.replace(
    IMG_SRC,
    (_all, head: string, id: string, tail: string) => `${head}${escapeHtmlAttr(signed.get(decodeHtmlAttr(id)) ?? '')}${tail}`,
  );
}

const decodeHtmlAttr = (s: string) => s.replace(/&amp;/g, '&');
const escapeHtmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

import DOMPurify from 'dompurify';

/**
 * The CMS renders no markdown of its own: the editor's preview is the server's `article.preview`
 * (one pipeline, the one that counts). What arrives is already sanitized by the server;
 * DOMPurify runs again before v-html so nothing could ever run inside the CMS.
 */
export const MARKER = '<!-- more -->';
export const MARKER_LINE = /^[ \t]*<!--\s*more\s*-->[ \t]*$/im;

export const sanitize = (html: string) =>
  DOMPurify.sanitize(html, { FORBID_TAGS: ['style', 'iframe', 'form', 'input'], FORBID_ATTR: ['style'] });

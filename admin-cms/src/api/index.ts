/**
 * The one API module. Every page calls `api(action, input)`; this file decides how the call
 * travels: the emulator's `POST /fn/admin` with a bearer token locally, `@cloudbase/js-sdk`
 * `callFunction` (after custom-ticket sign-in) in the cloud build (`vite build --mode cloud`).
 * Actions are typed by the generated contract (`npm run gen:contract`), never by hand.
 */
import type { ActionInput, ActionName, ActionOutput, ErrorCode, FunctionName } from './contract.gen';

export type * from './contract.gen';

/** Server codes plus the ones this client raises itself (no answer; no preview in the cloud build). */
export type ApiErrorCode = ErrorCode | 'NETWORK' | 'UNSUPPORTED';

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  details?: Array<{ field: string; message: string }>;
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: ApiErrorBody['details'],
  ) {
    super(message);
  }
}

export type AdminAction = ActionName<'admin'>;
/** Actions whose input has no required field may be called without one. */
// `{} extends I` is the type-level test "I has no required key"; `{}` is meant literally here.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type InputArgs<I> = {} extends I ? [input?: I] : [input: I];

type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };

const MODE = import.meta.env.VITE_API_MODE === 'cloud' ? 'cloud' : 'local';
const TOKEN_KEY = 'zs-admin-token';

export const session = {
  get token(): string | null {
    return localStorage.getItem(TOKEN_KEY);
  },
  set(token: string | null) {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
    cacheListener('session');
  },
};

/**
 * The admin actions that only read. Every other action writes, and once it succeeds every cached
 * read is stale (composables/use-load.ts refetches what is on screen before the write's promise
 * resolves). A new action missing here only costs a refetch, never a stale page. The exports add
 * an audit row and nothing else; the audit page refetches each time it is opened anyway.
 */
const READS: ReadonlySet<AdminAction> = new Set<AdminAction>([
  'me',
  'labels',
  'article.get',
  'article.list',
  'article.preview',
  'audit.list',
  'certificate.list',
  'chapter.get',
  'chapter.list',
  'column.get',
  'column.list',
  'comment.list',
  'commission.export',
  'commission.list',
  'coupon.get',
  'coupon.list',
  'gift.list',
  'notice.list',
  'notice.outbox',
  'order.export',
  'order.get',
  'order.list',
  'payout.list',
  'plan.get',
  'plan.list',
  'promotion.list',
  'quiz.get',
  'quiz.list',
  'quiz.results',
  'redeem.export',
  'redeem.list',
  'referral.getSettings',
  'staff.list',
  'stats.column',
  'stats.growth',
  'stats.overview',
  'terms.get',
  'user.export',
  'user.get',
  'user.list',
  'user.progress',
  'virtualGoods.export',
  'virtualGoods.list',
]);

/**
 * Told after a successful write ('write', awaited) and when the signed-in session changes
 * ('session'). The page cache registers here when the first page loads, so the login page carries
 * no cache library.
 */
export type CacheEvent = 'write' | 'session';
let cacheListener: (event: CacheEvent) => unknown = () => {};
export const setCacheListener = (fn: (event: CacheEvent) => unknown) => (cacheListener = fn);

/** Called when the server says the session is gone (the store sends the user to the login page). */
let onUnauthenticated: () => void = () => {};
export const setUnauthenticatedHandler = (fn: () => void) => (onUnauthenticated = fn);

// ---- cloud transport (loaded only in the cloud build)
let cloudApp: any;
async function cloud() {
  if (!cloudApp) {
    const { default: cloudbase } = await import('@cloudbase/js-sdk');
    cloudApp = cloudbase.init({ env: import.meta.env.VITE_TCB_ENV_ID ?? '' });
  }
  return cloudApp;
}

async function send<T>(data: Record<string, unknown>): Promise<Envelope<T>> {
  if (MODE === 'cloud') {
    const app = await cloud();
    const auth = app.auth({ persistence: 'local' });
    // `login` itself needs a CloudBase login state to reach the function: an anonymous one.
    if (!(await auth.getLoginState())) await auth.signInAnonymously();
    const res = await app.callFunction({ name: 'admin', data, parse: true });
    return res.result as Envelope<T>;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  let res: Response;
  try {
    res = await fetch('/fn/admin', { method: 'POST', headers, body: JSON.stringify(data) });
  } catch {
    throw new ApiError('NETWORK', '无法连接服务器，请检查本地运行环境是否已启动');
  }
  try {
    return (await res.json()) as Envelope<T>;
  } catch {
    throw new ApiError('INTERNAL', `服务器返回了无法识别的内容（HTTP ${res.status}）`);
  }
}

export async function api<A extends AdminAction>(
  action: A,
  ...[input]: InputArgs<ActionInput<'admin', A>>
): Promise<ActionOutput<'admin', A>> {
  const envelope = await send<ActionOutput<'admin', A>>({ $url: action, ...(input as object | undefined) });
  if (envelope.ok) {
    // login changes the session (which clears the cache) rather than the data.
    if (!READS.has(action) && action !== 'login') await cacheListener('write');
    return envelope.data;
  }
  if (envelope.error.code === 'UNAUTHENTICATED' && action !== 'login') onUnauthenticated();
  throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.details);
}

export type LoginResult = ActionOutput<'admin', 'login'>;

export async function login(username: string, password: string): Promise<LoginResult> {
  const result = await api('login', { username, password });
  if (MODE === 'cloud' && result.ticket) {
    const app = await cloud();
    await app.auth({ persistence: 'local' }).signInWithCustomTicket(() => Promise.resolve(result.ticket));
  }
  session.set(result.token);
  return result;
}

export async function logout(): Promise<void> {
  session.set(null);
  if (MODE === 'cloud' && cloudApp) await cloudApp.auth().signOut();
}

export interface Uploaded {
  /** What the article stores: a storage file id, never a URL (signed for readers at read time). */
  fileId: string;
  /** A short-lived link for the creator's own preview (images), or null. */
  url: string | null;
  name: string;
}

/**
 * Uploads a media file (audio, video, image) and returns its file id. Locally: the emulator's
 * `/media/upload`; in the cloud: js-sdk `uploadFile` straight to cloud storage, then a temporary
 * link for the preview.
 */
export async function uploadMedia(file: File, onProgress: (percent: number) => void): Promise<Uploaded> {
  if (MODE === 'cloud') {
    const app = await cloud();
    const ext = file.name.split('.').pop()?.toLowerCase() ?? 'bin';
    const cloudPath = `media/${new Date().toISOString().slice(0, 7)}/${crypto.randomUUID()}.${ext}`;
    const res = await app.uploadFile({
      cloudPath,
      filePath: file,
      onUploadProgress: (e: { loaded: number; total: number }) => onProgress(Math.round((e.loaded / Math.max(e.total, 1)) * 100)),
    });
    const temp = await app.getTempFileURL({ fileList: [{ fileID: res.fileID, maxAge: 3600 }] }).catch(() => null);
    return { fileId: res.fileID, url: temp?.fileList?.[0]?.tempFileURL ?? null, name: file.name };
  }
  // XMLHttpRequest, not fetch: fetch has no upload progress events.
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/media/upload?name=${encodeURIComponent(file.name)}`);
    if (session.token) xhr.setRequestHeader('authorization', `Bearer ${session.token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onerror = () => reject(new ApiError('NETWORK', '上传失败：无法连接服务器'));
    xhr.onload = () => {
      try {
        const body = JSON.parse(xhr.responseText) as Envelope<{ fileId: string; url: string | null }>;
        if (body.ok) resolve({ fileId: body.data.fileId, url: body.data.url ?? null, name: file.name });
        else reject(new ApiError(body.error.code, body.error.message, body.error.details));
      } catch {
        reject(new ApiError('INTERNAL', `上传失败（HTTP ${xhr.status}）`));
      }
    };
    xhr.send(file);
  });
}

export const apiMode = MODE;

/**
 * "Preview as learner" (local runtime only): calls a learner-facing function the way the mini
 * program would, as an anonymous visitor or as a test openid.
 */
export async function callAsLearner<F extends Exclude<FunctionName, 'admin'>, A extends ActionName<F>>(
  fn: F,
  action: A,
  input: ActionInput<F, A>,
  openid: string | null,
): Promise<ActionOutput<F, A>> {
  if (MODE === 'cloud') throw new ApiError('UNSUPPORTED', '云端版本请在小程序中预览');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (openid) headers['x-wx-openid'] = openid;
  const res = await fetch(`/fn/${fn}`, { method: 'POST', headers, body: JSON.stringify({ $url: action, ...(input as object) }) });
  const body = (await res.json()) as Envelope<ActionOutput<F, A>>;
  if (body.ok) return body.data;
  throw new ApiError(body.error.code, body.error.message, body.error.details);
}

/**
 * Who is calling, as the platform says — never as the event says.
 * Cloud: `cloud.getWXContext()` (OPENID, SOURCE from env vars). Local: the emulator's headers.
 */
export interface Caller {
  openid: string | null;
  unionid: string | null;
  /** `wx_client`, `wx_trigger`, `wx_paycallback`, … possibly a chain like `wx_client,scf`. */
  source: string;
  clientIp: string | null;
  /** CMS credential: the CloudBase custom-login user id (cloud) or a bearer token (local). */
  adminCredential: { kind: 'customUserId' | 'bearer'; value: string } | null;
}

export function sourceIncludes(caller: Caller, source: string): boolean {
  return caller.source
    .split(',')
    .map((s) => s.trim())
    .includes(source);
}

export const anonymousCaller = (source = 'wx_client'): Caller => ({
  openid: null,
  unionid: null,
  source,
  clientIp: null,
  adminCredential: null,
});

import { call } from './api';

export const me = () => call('user', 'me');

/**
 * wx.login → user.login: the server exchanges the code (code2Session) and keeps the session_key,
 * which signs virtual payments; the client never sees it.
 */
export function login(): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.login({
      success: (res) => {
        if (!res.code) return reject(new Error('wx.login returned no code'));
        call('user', 'login', { code: res.code }).then(() => resolve(), reject);
      },
      fail: reject,
    });
  });
}
export const updateProfile = (input: { nickname?: string; avatar?: string }) => call('user', 'updateProfile', input);
export const purchases = () => call('user', 'purchases');
/** 注销: the server clears personal data and ends the session; orders stay, detached. */
export const deleteAccount = () => call('user', 'deleteAccount', { confirm: '注销' });
export const favorite = (articleId: number, favorited: boolean) => call('user', 'favorite', { articleId, favorited });
export const favorites = (cursor?: string) => call('user', 'favorites', cursor ? { cursor } : {});
export const likeArticle = (articleId: number, liked: boolean) => call('user', 'likeArticle', { articleId, liked });

/**
 * The chosen avatar is a temporary file: it goes to cloud storage and the profile keeps the
 * file id (the server accepts only files uploaded to this environment).
 */
export function uploadAvatar(tempPath: string): Promise<string> {
  const ext = (/\.(\w+)$/.exec(tempPath)?.[1] ?? 'jpg').toLowerCase();
  return new Promise((resolve, reject) => {
    wx.cloud.uploadFile({
      cloudPath: `avatars/${Date.now()}-${Math.random().toString(36).slice(2, 8)}.${ext}`,
      filePath: tempPath,
      success: (res) => resolve(res.fileID),
      fail: reject,
    });
  });
}

import { call } from './api';

export const me = () => call('user', 'me');
export const updateProfile = (input: { nickname?: string; avatar?: string }) => call('user', 'updateProfile', input);
export const purchases = () => call('user', 'purchases');
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

import { moderateText, checkText } from '../../../server/domain/comments';
import { memoryLogger } from '../../../server/runtime/logger';
import type { Moderation } from '../../../server/ports/moderation';

/** The helper user.updateProfile uses for nicknames (scene 1) and comments use for scene 2. */
describe('moderateText', () => {
  const deps = (moderation: Moderation) => ({ moderation, log: memoryLogger() });
  const answering = (verdict: 'pass' | 'review' | 'risky'): Moderation => ({ check: async () => verdict });

  it('returns pass and review, throws CONTENT_REJECTED for risky', async () => {
    await expect(moderateText(deps(answering('pass')), { content: '小明', openid: 'o', scene: 1 })).resolves.toBe('pass');
    await expect(moderateText(deps(answering('review')), { content: '小明', openid: 'o', scene: 1 })).resolves.toBe('review');
    await expect(moderateText(deps(answering('risky')), { content: '小明', openid: 'o', scene: 1 })).rejects.toMatchObject({
      code: 'CONTENT_REJECTED',
    });
  });

  it('turns an outage into `error` (never `pass`) and logs it', async () => {
    const d = deps({
      check: async () => {
        throw new Error('timeout');
      },
    });
    await expect(moderateText(d, { content: '小明', openid: 'o', scene: 1 })).resolves.toBe('error');
    await expect(checkText(d, { content: '小明', openid: 'o', scene: 2 })).resolves.toBe('error');
    expect(d.log.lines.filter((l) => l.event === 'moderation.unavailable')).toHaveLength(2);
  });
});

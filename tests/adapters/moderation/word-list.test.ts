import { createWordListModeration, REVIEW_MARKER } from '../../../server/adapters/moderation/word-list';

describe('local word-list moderation', () => {
  const moderation = createWordListModeration();
  const check = (content: string) => moderation.check({ content, openid: 'o', scene: 2 });

  it('passes ordinary text', async () => {
    await expect(check('这一讲把复利讲得很清楚，谢谢老师')).resolves.toBe('pass');
  });

  it('refuses listed words as risky, also when spaced out or full-width', async () => {
    await expect(check('你就是个傻逼')).resolves.toBe('risky');
    await expect(check('傻 。逼')).resolves.toBe('risky');
    await expect(check('推荐一个赌博网站')).resolves.toBe('risky');
  });

  it('asks for review on review words and on the demo marker', async () => {
    await expect(check('有问题加我微信')).resolves.toBe('review');
    await expect(check(`这条请人工看一下 ${REVIEW_MARKER}`)).resolves.toBe('review');
  });

  it('takes its own lists (tests can make any word risky or reviewed)', async () => {
    const custom = createWordListModeration({ risky: ['ＢＡＤ'], review: ['maybe'] });
    await expect(custom.check({ content: 'so bad', openid: 'o', scene: 1 })).resolves.toBe('risky');
    await expect(custom.check({ content: 'Maybe later', openid: 'o', scene: 1 })).resolves.toBe('review');
    await expect(custom.check({ content: '傻逼', openid: 'o', scene: 1 })).resolves.toBe('pass');
  });
});

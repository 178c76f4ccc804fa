import { describe, expect, it } from 'vitest';
import type { MessageContent } from '../../../shared/domain/message.ts';
import { problemWithOutbound } from '../../../shared/domain/outbound-content.ts';

type Article = Extract<MessageContent, { type: 'article' }>;

const article = (fields: Partial<Article> = {}): Article => ({
  type: 'article',
  articleId: 'b5O2OUs25HBxRceL7hfReg-U9QGeq9zQjiDvyWP4Hq4',
  title: '退货与退款说明',
  digest: '收到商品 7 天内可申请退货。',
  coverUrl: 'https://mmbiz.qpic.cn/cover.jpg',
  url: 'https://mp.weixin.qq.com/s/b5O2OUs25HBxRceL7hfReg',
  ...fields,
});

describe('a published article (mpnewsarticle)', () => {
  it.each([
    ['official-account', undefined],
    ['miniprogram', 'article_official_account_only'],
  ] as const)('from a %s app: refused with %s', (type, code) => {
    const problem = problemWithOutbound(article(), { type });
    expect(problem?.code).toBe(code);
    if (code) expect(problem?.sentence).toContain('Only Official Accounts can send their published articles');
  });

  it('needs an article id of the shape WeChat gives, and the article’s title', () => {
    const officialAccount = { type: 'official-account' } as const;
    for (const articleId of ['', 'has space', '../../etc', 'x'.repeat(129), '文章']) {
      expect(problemWithOutbound(article({ articleId }), officialAccount)?.sentence).toContain(
        'the article id is not one WeChat gives',
      );
    }
    expect(problemWithOutbound(article({ title: '  ' }), officialAccount)?.sentence).toBe(
      'An article card needs the article’s title.',
    );
  });

  it('keeps only http(s) cover and article addresses; both may be absent', () => {
    const officialAccount = { type: 'official-account' } as const;
    expect(problemWithOutbound(article({ coverUrl: 'javascript:alert(1)' }), officialAccount)).toBeDefined();
    expect(problemWithOutbound(article({ url: 'data:text/html,x' }), officialAccount)).toBeDefined();
    expect(
      problemWithOutbound(
        article({ coverUrl: undefined, url: undefined, digest: undefined }),
        officialAccount,
      ),
    ).toBeUndefined();
  });
});

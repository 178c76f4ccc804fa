import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../shared/domain/message.ts';
import type { PublishedArticlePage } from '../../../shared/domain/published-article.ts';
import { isStatus, servedConversation } from '../../support/conversation-fixture.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

/** Published articles (WeChat's `mpnewsarticle`): an Official Account's agent picks one and sends it. */

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

const officialAccount = { type: 'official-account', format: 'xml' } as const;
const unpublished = 'b5O2OUs25HBxRceL7hfReg-U9QGeq9zQjiDvyWP4Hq4';

function listArticles(token: string, appId: string, query = '') {
  return system.request<PublishedArticlePage & { error?: { code: string; message: string } }>(
    token,
    'GET',
    `/api/apps/${appId}/articles${query}`,
  );
}

describe('an Official Account agent sends a published article', () => {
  it('lists the account’s articles, sends one, and the customer receives it; the thread keeps the card', async () => {
    const served = await servedConversation(system, officialAccount);
    const articleId = system.simulator.publishArticle(served.app.appId, {
      title: '七天无理由退货说明',
      digest: '收到商品 7 天内可申请退货，退款 1–3 个工作日到账。',
      thumbUrl: 'https://mmbiz.qpic.cn/sz_mmbiz_jpg/return-cover/0',
    });

    const listed = await listArticles(served.agent.token, served.app.appId, '?count=2');
    expect(listed.status).toBe(200);
    // The three every local account has published, and the new one first.
    expect(listed.body.total).toBe(4);
    expect(listed.body.nextOffset).toBe(2);
    expect(listed.body.articles).toHaveLength(2);
    const article = listed.body.articles[0];
    expect(article).toMatchObject({
      articleId,
      title: '七天无理由退货说明',
      digest: '收到商品 7 天内可申请退货，退款 1–3 个工作日到账。',
      coverUrl: 'https://mmbiz.qpic.cn/sz_mmbiz_jpg/return-cover/0',
      url: `https://mp.weixin.qq.com/s/${articleId}`,
    });
    const last = await listArticles(served.agent.token, served.app.appId, '?offset=2&count=2');
    expect(last.body.articles.map((each) => each.title)).toEqual(['会员积分规则', '配送时间与运费']);
    expect(last.body.nextOffset).toBeUndefined();

    const { updatedAt, ...card } = article ?? { updatedAt: 0 };
    const response = await served.send({ type: 'article', ...card });
    expect(response.status).toBe(201);
    const { message } = (await response.json()) as { message: Message };
    expect(message.content).toEqual({ type: 'article', ...card });

    const received = await served.customer.nextReceived();
    expect(received.body).toEqual({
      touser: served.customer.openId,
      msgtype: 'mpnewsarticle',
      mpnewsarticle: { article_id: articleId },
    });
    expect(received.article?.title).toBe('七天无理由退货说明');
    await served.socket.next(isStatus('sent', message.messageId));

    const thread = await system.request<{ messages: Message[] }>(
      served.agent.token,
      'GET',
      `/api/conversations/${served.conversation.conversationId}/messages`,
    );
    expect(thread.body.messages.map((stored) => stored.content)).toContainEqual({ type: 'article', ...card });
    await served.socket.close();
  });

  it('an article the account has not published ends failed with WeChat’s 53600', async () => {
    const served = await servedConversation(system, officialAccount);
    const response = await served.send({ type: 'article', articleId: unpublished, title: '已删除的文章' });
    expect(response.status).toBe(201);
    const { message } = (await response.json()) as { message: Message };
    const failed = await served.socket.next(isStatus('failed', message.messageId));
    expect(failed.message.failure).toEqual({
      errcode: 53600,
      reason:
        'WeChat no longer has this article: it was deleted or never published by this Official Account.',
    });
    expect(served.customer.inbox).toHaveLength(0);
    await served.socket.close();
  });

  it('refuses an article without a title or with an id WeChat never gives, before anything is written', async () => {
    const served = await servedConversation(system, officialAccount);
    const callsBefore = system.simulator.calls('custom_send');
    for (const [content, sentence] of [
      [{ type: 'article', articleId: unpublished, title: ' ' }, 'needs the article’s title'],
      [{ type: 'article', articleId: 'a/b', title: '标题' }, 'not one WeChat gives'],
      [{ type: 'article', articleId: unpublished, title: '标题', coverUrl: 'javascript:1' }, 'cover'],
    ] as const) {
      const refused = await served.send(content);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(await refused.json())).toContain(sentence);
    }
    expect(system.simulator.calls('custom_send')).toBe(callsBefore);
    await served.socket.close();
  });
});

describe('a Mini Program agent', () => {
  it('cannot send an article nor list any: 400 with the sentence, nothing sent', async () => {
    const served = await servedConversation(system, { type: 'miniprogram', format: 'json' });
    const callsBefore = system.simulator.calls('custom_send');
    const refused = await served.send({ type: 'article', articleId: unpublished, title: '退货说明' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: {
        code: 'article_official_account_only',
        message: expect.stringContaining('Only Official Accounts can send their published articles'),
      },
    });
    expect(system.simulator.calls('custom_send')).toBe(callsBefore);
    expect(served.customer.inbox).toHaveLength(0);

    const listed = await listArticles(served.agent.token, served.app.appId);
    expect(listed.status).toBe(400);
    expect(listed.body.error?.code).toBe('article_official_account_only');
    await served.socket.close();
  });
});

describe('the articles route', () => {
  it('refuses another workspace’s agent as if the app did not exist, and WeChat is not asked', async () => {
    const app = await system.addApp({ ...officialAccount, workspaceId: 'articles-a' });
    const elsewhere = await system.addApp({ ...officialAccount, workspaceId: 'articles-b' });
    const stranger = await system.addAgent([elsewhere.appId]);
    const callsBefore = system.simulator.calls('freepublish_batchget');
    const refused = await listArticles(stranger.token, app.appId);
    expect(refused.status).toBe(404);
    expect((await listArticles(stranger.token, 'wx0000000000000000')).status).toBe(404);
    expect(system.simulator.calls('freepublish_batchget')).toBe(callsBefore);
  });

  it('refuses a page WeChat would not give with a sentence', async () => {
    const app = await system.addApp(officialAccount);
    const agent = await system.addAgent([app.appId]);
    for (const query of ['?count=21', '?count=0', '?offset=-1', '?offset=x']) {
      const refused = await listArticles(agent.token, app.appId, query);
      expect({ query, status: refused.status }).toEqual({ query, status: 400 });
    }
  });

  it('says why when WeChat refuses the list (an unverified account’s 48001), and asks again next time', async () => {
    const app = await system.addApp(officialAccount);
    const agent = await system.addAgent([app.appId]);
    system.simulator.failNext('freepublish_batchget', { errcode: 48001, errmsg: 'api unauthorized' });
    const refused = await listArticles(agent.token, app.appId);
    expect(refused.status).toBe(502);
    expect(refused.body.error?.message).toContain('error 48001');
    const listed = await listArticles(agent.token, app.appId);
    expect(listed.status).toBe(200);
    expect(listed.body.articles).toHaveLength(3);
  });
});

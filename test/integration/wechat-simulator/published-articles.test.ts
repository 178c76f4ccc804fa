/**
 * An Official Account's published articles in the simulator: freepublish/batchget with WeChat's shape
 * and refusals, and custom/send's `mpnewsarticle` naming only an article the account published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessToken, type Harness, postJson, startHarness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

const batchget = (token: string, body: unknown) =>
  postJson(h.sim, '/cgi-bin/freepublish/batchget', token, body);
const send = (token: string, body: unknown) => postJson(h.sim, '/cgi-bin/message/custom/send', token, body);

async function officialAccount() {
  const app = h.addApp({ type: 'official-account', mode: 'plaintext' });
  return { app, token: await accessToken(h.sim, app) };
}

describe('freepublish/batchget', () => {
  it('lists the publications newest first, paged by offset and count, in WeChat’s shape', async () => {
    const { app, token } = await officialAccount();
    const first = h.sim.publishArticle(app.appId, {
      title: '退货说明',
      digest: '7 天内可退',
      thumbUrl: 'https://mmbiz.qpic.cn/cover-1.jpg',
    });
    const second = h.sim.publishArticle(app.appId, { title: '会员积分' });

    const page = await batchget(token, { offset: 0, count: 1, no_content: 1 });
    expect(page).toMatchObject({ total_count: 2, item_count: 1 });
    const [newest] = page.item as { article_id: string; content: { news_item: Record<string, unknown>[] } }[];
    expect(newest?.article_id).toBe(second);
    expect(newest?.content.news_item[0]).toMatchObject({ title: '会员积分', is_deleted: false });
    expect(newest?.content.news_item[0]).not.toHaveProperty('content');

    const next = await batchget(token, { offset: 1, count: 20, no_content: 0 });
    expect(next).toMatchObject({ total_count: 2, item_count: 1 });
    const [older] = next.item as { article_id: string; content: { news_item: Record<string, unknown>[] } }[];
    expect(older?.article_id).toBe(first);
    expect(older?.content.news_item[0]).toMatchObject({
      title: '退货说明',
      digest: '7 天内可退',
      thumb_url: 'https://mmbiz.qpic.cn/cover-1.jpg',
      url: `https://mp.weixin.qq.com/s/${first}`,
    });
    expect(older?.content.news_item[0]).toHaveProperty('content');
  });

  it('lists what the account came with, and nothing of another account', async () => {
    const { token } = await officialAccount();
    expect(await batchget(token, { offset: 0, count: 10 })).toEqual({
      total_count: 0,
      item_count: 0,
      item: [],
    });
    const seeded = h.addApp({
      type: 'official-account',
      mode: 'plaintext',
      publishedArticles: [{ title: '最新' }, { title: '较早' }],
    });
    const page = await batchget(await accessToken(h.sim, seeded), { offset: 0, count: 10 });
    const titles = (page.item as { content: { news_item: { title: string }[] } }[]).map(
      (item) => item.content.news_item[0]?.title,
    );
    expect(titles).toEqual(['最新', '较早']);
  });

  it('refuses a count outside 1 to 20, a negative or missing offset, and a bad no_content with 40097', async () => {
    const { token } = await officialAccount();
    for (const body of [
      { offset: 0, count: 0 },
      { offset: 0, count: 21 },
      { offset: -1, count: 10 },
      { count: 10 },
      { offset: '0', count: '20' },
      { offset: 0, count: 10, no_content: 2 },
    ]) {
      expect({ body, errcode: (await batchget(token, body)).errcode }).toEqual({ body, errcode: 40097 });
    }
  });

  it('is not a Mini Program’s: 48001', async () => {
    const app = h.addApp();
    const answer = await batchget(await accessToken(h.sim, app), { offset: 0, count: 10 });
    expect(answer.errcode).toBe(48001);
  });
});

describe('custom/send mpnewsarticle', () => {
  it('delivers a published article, which the customer receives with its card', async () => {
    const { app, token } = await officialAccount();
    const articleId = h.sim.publishArticle(app.appId, { title: '退货说明', digest: '7 天内可退' });
    const customer = h.sim.customer(app.appId);
    await customer.say('怎么退货？');
    const answer = await send(token, {
      touser: customer.openId,
      msgtype: 'mpnewsarticle',
      mpnewsarticle: { article_id: articleId },
    });
    expect(answer).toEqual({ errcode: 0, errmsg: 'ok' });
    const received = await customer.nextReceived();
    expect(received.msgtype).toBe('mpnewsarticle');
    expect(received.article).toMatchObject({ articleId, title: '退货说明', digest: '7 天内可退' });
  });

  it('refuses an article the account has not published (53600), another account’s included', async () => {
    const { app, token } = await officialAccount();
    const other = await officialAccount();
    const elsewhere = h.sim.publishArticle(other.app.appId, { title: '别家的文章' });
    const customer = h.sim.customer(app.appId);
    await customer.say('你好');
    for (const articleId of [elsewhere, 'b5O2OUs25HBxRceL7hfReg-U9QGeq9zQjiDvyWP4Hq4']) {
      const answer = await send(token, {
        touser: customer.openId,
        msgtype: 'mpnewsarticle',
        mpnewsarticle: { article_id: articleId },
      });
      expect(answer.errcode).toBe(53600);
    }
    expect(customer.inbox).toHaveLength(0);
  });

  it('is not a Mini Program’s message type: 40008', async () => {
    const app = h.addApp();
    const token = await accessToken(h.sim, app);
    const customer = h.sim.customer(app.appId);
    await customer.say('你好');
    const answer = await send(token, {
      touser: customer.openId,
      msgtype: 'mpnewsarticle',
      mpnewsarticle: { article_id: 'b5O2OUs25HBxRceL7hfReg-U9QGeq9zQjiDvyWP4Hq4' },
    });
    expect(answer.errcode).toBe(40008);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWeChatApi } from '../../../shared/wechat/api-client.ts';

/** freepublish/batchget answers as WeChat documents them, served by a stand-in that also records the request. */
let server: Server;
let baseUrl = '';
let answer: object = {};
const requests: unknown[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      requests.push({ url: request.url, body: JSON.parse(body) });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const newsItem = (title: string, fields: Record<string, unknown> = {}) => ({
  title,
  author: '',
  digest: '',
  content_source_url: '',
  thumb_media_id: 'thumb',
  thumb_url: '',
  url: '',
  is_deleted: false,
  ...fields,
});

describe('listPublishedArticles', () => {
  it('asks for a page without the articles’ bodies and reads each publication by its first live article', async () => {
    answer = {
      total_count: 5,
      item_count: 3,
      item: [
        {
          article_id: 'A1',
          update_time: 1_700_000_000,
          content: {
            news_item: [
              newsItem('已删除的头条', { is_deleted: true }),
              newsItem('退货说明', {
                digest: '7 天内可退',
                thumb_url: 'https://mmbiz.qpic.cn/a.jpg',
                url: 'https://mp.weixin.qq.com/s/A1',
              }),
            ],
          },
        },
        {
          article_id: 'A2',
          update_time: 1,
          content: { news_item: [newsItem('全部删除', { is_deleted: true })] },
        },
        { article_id: 'A3', content: { news_item: [newsItem('会员积分')] } },
      ],
    };
    const page = await createWeChatApi(baseUrl).listPublishedArticles('TOKEN', 2, 3);
    expect(requests.at(-1)).toEqual({
      url: '/cgi-bin/freepublish/batchget?access_token=TOKEN',
      body: { offset: 2, count: 3, no_content: 1 },
    });
    expect(page).toEqual({
      articles: [
        {
          articleId: 'A1',
          title: '退货说明',
          digest: '7 天内可退',
          coverUrl: 'https://mmbiz.qpic.cn/a.jpg',
          url: 'https://mp.weixin.qq.com/s/A1',
          updatedAt: 1_700_000_000,
        },
        { articleId: 'A3', title: '会员积分' },
      ],
      total: 5,
    });
  });

  it('says where the next page starts while there are more', async () => {
    answer = {
      total_count: 25,
      item_count: 1,
      item: [{ article_id: 'B1', content: { news_item: [newsItem('一')] } }],
    };
    expect((await createWeChatApi(baseUrl).listPublishedArticles('TOKEN', 0, 1)).nextOffset).toBe(1);
  });

  it('throws WeChat’s refusal with its errcode', async () => {
    answer = { errcode: 48001, errmsg: 'api unauthorized' };
    await expect(createWeChatApi(baseUrl).listPublishedArticles('TOKEN', 0, 10)).rejects.toMatchObject({
      errcode: 48001,
    });
  });
});

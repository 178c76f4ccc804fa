import { beforeAll, describe, expect, it } from 'vitest';
import { fillPlaceholders } from '../../../shared/domain/placeholders.ts';
import type { QuickReplyListing, QuickReplyScope } from '../../../shared/domain/quick-reply.ts';
import { initialsOf, loadInitials } from '../../../web/src/pinyin-initials.ts';
import { repliesFor, searchQuickReplies } from '../../../web/src/quick-reply-search.ts';
import { insertSlash, replaceTrigger, slashTrigger } from '../../../web/src/slash-trigger.ts';
import { id } from './fixtures.ts';

let made = 0;
function reply(
  text: string,
  title?: string,
  scope: QuickReplyScope = { kind: 'workspace' },
): QuickReplyListing {
  made += 1;
  return {
    quickReplyId: id(made),
    workspaceId: 'w',
    scope,
    ...(title === undefined ? {} : { title }),
    text,
    createdAt: made,
    updatedAt: made,
    editable: false,
  };
}

const returns = reply('请在订单页申请退换货，我们会尽快处理。', '退换货');
const shipping = reply('下单后 48 小时内发货。', '发货 时间');
const greeting = reply('您好，{客户}，我是{客服}，很高兴为您服务。', '问候');
const english = reply('Hello {customer}, how can I help you today?', 'Greeting');
const untitled = reply('稍等，我帮您查一下物流。');
const all = [returns, shipping, greeting, english, untitled];
const found = (query: string, replies = all) =>
  searchQuickReplies(replies, query).map((each) => each.title ?? each.text);

describe('searching quick replies', () => {
  beforeAll(() => loadInitials());

  it('finds Chinese titles and texts by their pinyin initials', () => {
    expect(found('thh')).toEqual(['退换货']);
    expect(found('THH')).toEqual(['退换货']);
    expect(found('fhsj')).toEqual(['发货 时间']);
    expect(found('wh')).toEqual(['问候']);
    // In the text only, after the titles.
    expect(found('wl')).toEqual(['稍等，我帮您查一下物流。']);
    expect(found('48xs')).toEqual(['发货 时间']);
  });

  it('knows every reading of a character', () => {
    expect(initialsOf('重')).toContain('z');
    expect(initialsOf('重')).toContain('c');
    expect(initialsOf('行')).toMatch(/^(?=.*x)(?=.*h)/);
    expect(initialsOf('A')).toBe('');
    const important = reply('重要通知', '重要');
    expect(found('zy', [important])).toEqual(['重要']);
    expect(found('cy', [important])).toEqual(['重要']);
  });

  it('finds titles and texts by what they say, ignoring case, titles first', () => {
    expect(found('退换')).toEqual(['退换货']);
    expect(found('greet')).toEqual(['Greeting']);
    expect(found('help')).toEqual(['Greeting']);
    // 发货 is in one title and one text: the title first.
    expect(found('发货')).toEqual(['发货 时间']);
    const both = [reply('我们 24 小时内发货', '物流'), reply('…', '发货说明')];
    expect(found('发货', both)).toEqual(['发货说明', '物流']);
    expect(found('您')).toEqual(['问候', '稍等，我帮您查一下物流。']);
  });

  it('finds everything for an empty query and nothing for a query nothing matches', () => {
    expect(found('')).toHaveLength(all.length);
    expect(found('xyzzy')).toEqual([]);
    expect(found('退货')).toEqual([]);
  });

  it('stays fast for long letter-only queries on long texts', () => {
    const long = reply('安按岸暗额嗯'.repeat(110));
    const started = performance.now();
    for (const query of ['ananananananananananan', 'enenenenenenenenenenenenenen', 'a'.repeat(40)]) {
      searchQuickReplies(
        Array.from({ length: 100 }, () => ({ ...long })),
        query,
      );
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('offers the agent’s own, then the conversation’s queue’s, then the workspace’s', () => {
    const mine = reply('mine', undefined, { kind: 'personal', agentId: 'me' });
    const queue = reply('queue', undefined, { kind: 'queue', appId: 'wx1', queueId: 'shop-12' });
    const otherQueue = reply('other queue', undefined, { kind: 'queue', appId: 'wx1', queueId: 'default' });
    const otherApp = reply('other app', undefined, { kind: 'queue', appId: 'wx2', queueId: 'shop-12' });
    const workspace = reply('workspace');
    expect(
      repliesFor([workspace, otherQueue, queue, otherApp, mine], { appId: 'wx1', queueId: 'shop-12' }).map(
        (each) => each.text,
      ),
    ).toEqual(['mine', 'queue', 'workspace']);
  });
});

describe('placeholders', () => {
  it('fill in the customer and the agent, in either language, and leave the rest', () => {
    expect(fillPlaceholders('您好，{客户}，我是{客服}。', { agentName: '小美' })).toBe(
      '您好，亲，我是小美。',
    );
    expect(fillPlaceholders('{客户}您好', { agentName: '小美', customerName: '王先生' })).toBe('王先生您好');
    expect(fillPlaceholders('Hello {customer}, this is {agent}.', { agentName: 'Alice' })).toBe(
      'Hello there, this is Alice.',
    );
    expect(fillPlaceholders('Hi {Customer}! {AGENT}', { agentName: 'Alice', customerName: 'Bob' })).toBe(
      'Hi Bob! Alice',
    );
    expect(fillPlaceholders('｛客户｝，{订单号} {客户 } {}', { agentName: 'A' })).toBe(
      '亲，{订单号} {客户 } {}',
    );
  });
});

describe('the slash trigger', () => {
  it('opens at the start or after whitespace, and reads the query up to the cursor', () => {
    expect(slashTrigger('/thh', 4)).toEqual({ start: 0, end: 4, query: 'thh' });
    expect(slashTrigger('您好 /fh', 6)).toEqual({ start: 3, end: 6, query: 'fh' });
    expect(slashTrigger('第一行\n/wh', 7)).toEqual({ start: 4, end: 7, query: 'wh' });
    expect(slashTrigger('/', 1)).toEqual({ start: 0, end: 1, query: '' });
    // The cursor moved back into the query.
    expect(slashTrigger('/thh', 2)).toEqual({ start: 0, end: 2, query: 't' });
  });

  it('stays shut inside words and URLs, after whitespace in the query, and for long queries', () => {
    expect(slashTrigger('https://example.com/a', 21)).toBeUndefined();
    expect(slashTrigger('1/2', 3)).toBeUndefined();
    expect(slashTrigger('/thh abc', 8)).toBeUndefined();
    expect(slashTrigger('no slash', 8)).toBeUndefined();
    expect(slashTrigger(`/${'a'.repeat(41)}`, 42)).toBeUndefined();
  });

  it('replaces the /query with the reply and puts the cursor after it', () => {
    const trigger = slashTrigger('您好 /thh 谢谢', 7);
    if (!trigger) throw new Error('a trigger');
    expect(replaceTrigger('您好 /thh 谢谢', trigger, '请申请退换货。')).toEqual({
      text: '您好 请申请退换货。 谢谢',
      cursor: 10,
    });
  });

  it('types a slash where the palette opens, after a space when the cursor follows a word', () => {
    expect(insertSlash('', 0)).toEqual({ text: '/', cursor: 1 });
    expect(insertSlash('您好', 2)).toEqual({ text: '您好 /', cursor: 4 });
    expect(insertSlash('您好 ', 3)).toEqual({ text: '您好 /', cursor: 4 });
    expect(insertSlash('ab', 1)).toEqual({ text: 'a /b', cursor: 3 });
  });
});

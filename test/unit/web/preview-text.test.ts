import { afterEach, describe, expect, it } from 'vitest';
import { type MessageContent, previewOf } from '../../../shared/domain/message.ts';
import { setLocale } from '../../../web/src/i18n.ts';
import { noNames } from '../../../web/src/names.ts';
import { listPreview, readServerPreview } from '../../../web/src/preview-text.ts';
import { conversation, message } from './fixtures.ts';

/**
 * Bug 5: the list showed the server's internal placeholders ("[moved to queue default]",
 * "[conversation closed]", "[conversation transferred]"). previewOf is the server's; the console
 * reads what it makes into the agent's language, and the test keeps the two in step.
 */

afterEach(() => setLocale('en', false));

const names = { agents: { alice: 'Alice' }, queues: { 'wx1/default': 'Customer service' } };
const viewer = { agentId: 'me', names };
const event = (name: string, detail: Record<string, string> = {}): MessageContent => ({
  type: 'event',
  event: name,
  detail,
});

/** Everything previewOf can be asked about, and what the agent reads for it. */
const cases: [MessageContent, string, string][] = [
  [event('conversation_closed', { by: 'me' }), 'Conversation closed', '会话已结束'],
  [event('conversation_transferred', { from: 'me', to: 'alice' }), 'Conversation transferred', '会话已转接'],
  [
    event('conversation_transferred', { from: 'me', toQueue: 'default' }),
    'Moved to queue Customer service',
    '已转入队列“Customer service”',
  ],
  [event('conversation_assigned', { to: 'me' }), 'Conversation assigned', '会话已分配'],
  [event('conversation_accepted', { by: 'me' }), 'Conversation accepted', '会话已接入'],
  [event('conversation_reopened', { by: 'me' }), 'Conversation reopened', '会话已重新打开'],
  [
    event('user_enter_tempsession', { sessionFrom: 'shop:12' }),
    'Customer entered from shop:12',
    '客户从 shop:12 进入会话',
  ],
  [event('user_enter_tempsession'), 'Customer opened the chat', '客户进入了会话'],
  [event('subscribe'), 'Customer followed', '客户关注了公众号'],
  [event('unsubscribe'), 'Customer unfollowed', '客户取消了关注'],
  [{ type: 'image', url: 'https://x' } as MessageContent, 'Picture', '[图片]'],
  [{ type: 'voice', mediaId: 'm' } as MessageContent, 'Voice message', '语音消息'],
  [{ type: 'video', mediaId: 'm' } as MessageContent, 'Video', '视频'],
  [{ type: 'link', title: '订单', url: 'https://x' } as MessageContent, 'Link: 订单', '[链接] 订单'],
  [
    { type: 'miniprogrampage', title: '商品', pagePath: 'p', thumbStorageKey: 'k' } as MessageContent,
    'Mini program: 商品',
    '[小程序] 商品',
  ],
  [{ type: 'file', title: '报价单.pdf', size: 2048 }, 'File: 报价单.pdf', '[文件] 报价单.pdf'],
  [event('CLICK', { eventKey: 'CONTACT_KF' }), 'Menu clicked: CONTACT_KF', '点击菜单：CONTACT_KF'],
  [event('SCAN', { eventKey: 'store-a' }), 'Came by QR code: store-a', '扫码进入：store-a'],
  [
    event('scancode_push', { eventKey: 'SCAN_1', scanResult: 'ticket-9' }),
    'Scanned with the menu: ticket-9',
    '菜单扫一扫：ticket-9',
  ],
  [
    { type: 'unknown', msgType: 'hologram', fields: {} },
    'The customer sent a kind of message the console cannot show yet; see it in WeChat.',
    '客户发来一条暂不支持的消息，请在微信中查看',
  ],
  [{ type: 'text', text: '在吗？' }, '在吗？', '在吗？'],
];

describe("the server's preview, as the list shows it", () => {
  it.each(cases)('%j', (content, english, chinese) => {
    const preview = previewOf(content);
    setLocale('en', false);
    expect(readServerPreview(preview, 'wx1', names)).toBe(english);
    setLocale('zh-CN', false);
    expect(readServerPreview(preview, 'wx1', names)).toBe(chinese);
  });

  it('never shows a bracketed placeholder for a lifecycle event, even without names', () => {
    for (const [content] of cases) {
      expect(readServerPreview(previewOf(content), 'wx1', noNames)).not.toMatch(/^\[[a-z]/);
    }
  });
});

describe('listPreview', () => {
  const closed = message(5, {
    conversationId: 'c1',
    direction: 'internal',
    author: 'agent',
    authorId: 'me',
    content: event('conversation_closed', { by: 'me' }),
  });

  it('says who did what when the console holds the lifecycle event', () => {
    const item = conversation('c1', 5, { lastMessagePreview: '[conversation closed]' });
    expect(listPreview(item, closed, viewer)).toBe('Closed by you');
    setLocale('zh-CN', false);
    expect(listPreview(item, closed, viewer)).toBe('你结束了会话');
  });

  it("reads the server's preview when the console holds an older message only", () => {
    const moved = conversation('c1', 6, { lastMessagePreview: '[moved to queue default]' });
    expect(listPreview(moved, closed, viewer)).toBe('Moved to queue Customer service');
    const said = conversation('c1', 6, { lastMessagePreview: 'where is my parcel' });
    expect(listPreview(said, undefined, viewer)).toBe('where is my parcel');
  });
});

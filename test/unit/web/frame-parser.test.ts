import { describe, expect, it } from 'vitest';
import { parseServerFrame } from '../../../web/src/frame-parser.ts';
import { conversation, message } from './fixtures.ts';

describe('parseServerFrame', () => {
  it('reads the frames of the protocol', () => {
    const created = { type: 'message.created', message: message(1), conversation: conversation('c1', 1) };
    expect(parseServerFrame(JSON.stringify(created))).toEqual(created);
    expect(parseServerFrame('{"type":"pong","at":1}')).toEqual({ type: 'pong', at: 1 });
    expect(parseServerFrame(JSON.stringify({ type: 'message.updated', message: message(2) }))).toMatchObject({
      type: 'message.updated',
    });
    const read = {
      type: 'read.updated',
      cursor: { conversationId: 'c1', readThrough: message(2).messageId, markedUnread: false, updatedAt: 5 },
    };
    expect(parseServerFrame(JSON.stringify(read))).toEqual(read);
    const profile = {
      type: 'customer.updated',
      profile: { appId: 'wxapp', openId: 'o1', remarkName: '王女士', tags: ['VIP'] },
    };
    expect(parseServerFrame(JSON.stringify(profile))).toEqual(profile);
    const floor = { type: 'floor.changed', workspaceId: 'w1' };
    expect(parseServerFrame(JSON.stringify(floor))).toEqual(floor);
  });

  it.each([
    ['not JSON', 'hello'],
    ['JSON null', 'null'],
    ['no type', '{"message":{}}'],
    ['an unknown type', '{"type":"typing.started"}'],
    [
      'a created frame without its conversation',
      JSON.stringify({ type: 'message.created', message: message(1) }),
    ],
    [
      'a message without content',
      JSON.stringify({ type: 'message.updated', message: { messageId: 'x', conversationId: 'c' } }),
    ],
    ['a floor frame without its workspace', '{"type":"floor.changed"}'],
    [
      'a read frame without its cursor',
      JSON.stringify({ type: 'read.updated', cursor: { conversationId: 'c1', updatedAt: 5 } }),
    ],
    [
      'a profile frame without its tags',
      JSON.stringify({ type: 'customer.updated', profile: { appId: 'wxapp', openId: 'o1' } }),
    ],
  ])('skips %s', (_name, data) => {
    expect(parseServerFrame(data)).toBeUndefined();
  });

  it('skips binary data', () => {
    expect(parseServerFrame(new ArrayBuffer(4))).toBeUndefined();
  });
});

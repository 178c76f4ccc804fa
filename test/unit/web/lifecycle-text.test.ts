import { describe, expect, it } from 'vitest';
import type { MessageContent } from '../../../shared/domain/message.ts';
import { setLocale } from '../../../web/src/i18n.ts';
import { departureText, lifecycleText } from '../../../web/src/lifecycle-text.ts';
import { learnFromQueues, noNames } from '../../../web/src/names.ts';
import { conversation } from './fixtures.ts';
import { queueView } from './queue-fixtures.ts';

type Event = Extract<MessageContent, { type: 'event' }>;
const event = (name: string, detail: Record<string, string> = {}): Event => ({
  type: 'event',
  event: name,
  detail,
});

const names = learnFromQueues(noNames, [
  queueView({
    appId: 'wx1',
    queueId: 'shop-12',
    name: 'Shop 12',
    members: [
      { agentId: 'alice', displayName: 'Alice' },
      { agentId: 'bob', displayName: 'Bob' },
    ],
  }),
]);
const viewer = { agentId: 'me', names };

describe('lifecycleText', () => {
  it.each([
    [event('conversation_assigned', { to: 'alice' }), 'Assigned to Alice'],
    [event('conversation_assigned', { to: 'me' }), 'Assigned to you'],
    [event('conversation_assigned', { to: 'stranger' }), 'Assigned to another agent'],
    [event('conversation_closed', { by: 'me' }), 'Closed by you'],
    [event('conversation_closed', { by: 'bob' }), 'Closed by Bob'],
    [
      event('conversation_closed', { reason: 'inactive', minutes: '30' }),
      'Closed after 30 min without reply',
    ],
    [event('conversation_closed', { reason: 'inactive' }), 'Closed: the customer did not reply'],
    [event('conversation_closed', { reason: 'expired' }), "Closed: WeChat's 48-hour window ended"],
    [event('conversation_transferred', { from: 'bob', to: 'alice' }), 'Transferred from Bob to Alice'],
    [event('conversation_transferred', { from: 'me', to: 'alice' }), 'Transferred from you to Alice'],
    [event('conversation_transferred', { from: 'bob', to: 'me' }), 'Transferred from Bob to you'],
    [event('conversation_transferred', { from: 'me', toQueue: 'shop-12' }), 'Moved to queue Shop 12'],
    [event('conversation_transferred', { from: 'me', toQueue: 'vip' }), 'Moved to queue vip'],
    [event('conversation_accepted', { by: 'alice' }), 'Accepted by Alice'],
    [event('conversation_reopened', { by: 'me' }), 'Reopened by you'],
  ])('%j → %s', (content, text) => {
    expect(lifecycleText(content, 'wx1', viewer)).toBe(text);
  });

  it('names a queue within its own app only: every app has its own "default"', () => {
    const content = event('conversation_transferred', { from: 'me', toQueue: 'shop-12' });
    expect(lifecycleText(content, 'wx2', viewer)).toBe('Moved to queue shop-12');
  });

  it('says why the queue’s SLA rule moved a conversation, in Chinese first', () => {
    const reassigned = (from: string, minutes: string) =>
      event('conversation_transferred', { from, to: 'alice', reason: 'unanswered', afterMinutes: minutes });
    expect(lifecycleText(reassigned('bob', '2'), 'wx1', viewer)).toBe(
      'No answer from Bob within 2 minutes; reassigned to Alice',
    );
    expect(lifecycleText(reassigned('me', '1'), 'wx1', viewer)).toBe(
      'No answer from you within 1 minute; reassigned to Alice',
    );
    setLocale('zh-CN', false);
    expect(lifecycleText(reassigned('bob', '2'), 'wx1', viewer)).toBe(
      'Bob未在 2 分钟内回复，系统已将会话转给Alice',
    );
    expect(lifecycleText(reassigned('me', '5'), 'wx1', viewer)).toBe(
      '你未在 5 分钟内回复，系统已将会话转给Alice',
    );
    setLocale('en', false);
  });

  it('leaves events that are not lifecycle changes to the WeChat event sentences', () => {
    expect(lifecycleText(event('user_enter_tempsession'), 'wx1', viewer)).toBeUndefined();
  });
});

describe('departureText', () => {
  it('names the colleague or queue a conversation went to, where the name is known', () => {
    expect(departureText(conversation('c1', 1, { assigneeId: 'alice' }), names)).toBe('Transferred to Alice');
    expect(departureText(conversation('c1', 1, { assigneeId: 'carol' }), names)).toBe(
      'Transferred to another agent',
    );
    const queued = conversation('c1', 1, { state: 'queued', assigneeId: undefined, queueId: 'shop-12' });
    expect(departureText(queued, names)).toBe('Moved to queue Shop 12');
    expect(departureText({ ...queued, queueId: 'vip' }, names)).toBe('Moved back to the queue');
  });

  it('tells the agent who lost a conversation to the SLA rule why', () => {
    const moved = conversation('c1', 1, { assigneeId: 'alice' });
    const change = {
      ...moved,
      messageId: 'm1',
      direction: 'internal' as const,
      author: 'system' as const,
      createdAt: 1,
      content: event('conversation_transferred', {
        from: 'me',
        to: 'alice',
        reason: 'unanswered',
        afterMinutes: '3',
      }),
    };
    expect(departureText(moved, names, change)).toBe(
      'No answer from you within 3 minutes; reassigned to Alice',
    );
    const transferred = {
      ...change,
      content: event('conversation_transferred', { from: 'me', to: 'alice' }),
    };
    expect(departureText(moved, names, transferred)).toBe('Transferred to Alice');
  });
});

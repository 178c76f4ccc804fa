import { describe, expect, it } from 'vitest';
import type { MessageContent } from '../../../shared/domain/message.ts';
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
});

import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { PushOutcome } from '../../../shared/realtime/connection-pusher.ts';
import { type DispatchPorts, dispatchRecord } from '../../../shared/realtime/dispatch-record.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';

const message: Message = {
  conversationId: 'C1',
  messageId: '01JMSG',
  workspaceId: 'acme',
  appId: 'wx0123456789abcdef',
  openId: 'o-customer',
  direction: 'inbound',
  author: 'customer',
  content: { type: 'text', text: 'hi' },
  createdAt: 1,
  wechatMsgId: '6054768590064713728',
};

const conversation: Conversation = {
  conversationId: 'C1',
  workspaceId: 'acme',
  appId: message.appId,
  queueId: 'default',
  openId: message.openId,
  state: 'active',
  assigneeId: 'agent-1',
  createdAt: 1,
  lastMessageAt: 1,
  lastMessageId: '01JMSG',
  lastMessagePreview: 'hi',
};

function ports(outcomes: Record<string, PushOutcome | Error>, assigned = true) {
  const pushed: { connectionId: string; frame: ServerFrame }[] = [];
  const deleted: string[] = [];
  const value: DispatchPorts = {
    pusher: {
      async push(connectionId, frame) {
        const outcome = outcomes[connectionId];
        if (outcome instanceof Error) throw outcome;
        pushed.push({ connectionId, frame });
        return outcome ?? 'delivered';
      },
      async disconnect() {},
    },
    getConversation: async () => (assigned ? conversation : { ...conversation, assigneeId: undefined }),
    listAgentConnectionIds: async (agentId) => (agentId === 'agent-1' ? Object.keys(outcomes) : []),
    forgetConnection: async (_agentId, connectionId) => {
      deleted.push(connectionId);
    },
    present: async (stored) => ({ ...stored, mediaUrl: 'https://media.example/x' }),
    readersOf: async () => ['agent-1', 'colleague'],
  };
  return { value, pushed, deleted };
}

describe('dispatchRecord', () => {
  it('pushes a new message, as presented, with its conversation to every socket of the assignee', async () => {
    const { value, pushed } = ports({ c1: 'delivered', c2: 'delivered' });
    expect(await dispatchRecord('INSERT', message, value)).toEqual({ delivered: 2, gone: 0 });
    expect(pushed.map((push) => push.connectionId).sort()).toEqual(['c1', 'c2']);
    expect(pushed[0]?.frame).toEqual({
      type: 'message.created',
      message: { ...message, mediaUrl: 'https://media.example/x' },
      conversation,
    });
  });

  it('announces a changed message as message.updated', async () => {
    const { value, pushed } = ports({ c1: 'delivered' });
    await dispatchRecord('MODIFY', message, value);
    expect(pushed[0]?.frame).toMatchObject({
      type: 'message.updated',
      message: { messageId: message.messageId },
    });
  });

  it('announces a change of the conversation itself as conversation.updated too', async () => {
    const { value, pushed } = ports({ c1: 'delivered' });
    const closed = { ...message, direction: 'internal' as const };
    await dispatchRecord('INSERT', closed, value);
    expect(pushed.map((push) => push.frame.type)).toEqual(['message.created', 'conversation.updated']);
  });

  it('forgets gone sockets without failing', async () => {
    const { value, deleted } = ports({ live: 'delivered', dead: 'gone' });
    expect(await dispatchRecord('INSERT', message, value)).toEqual({ delivered: 1, gone: 1 });
    expect(deleted).toEqual(['dead']);
  });

  it('throws when a push fails for another reason, after delivering to the others', async () => {
    const { value, pushed } = ports({ ok: 'delivered', throttled: new Error('LimitExceededException') });
    await expect(dispatchRecord('INSERT', message, value)).rejects.toThrow('1 of 2 pushes failed');
    expect(pushed.map((push) => push.connectionId)).toEqual(['ok']);
  });

  it('pushes nothing for a conversation nobody serves', async () => {
    const unassigned = ports({ c1: 'delivered' }, false);
    expect(await dispatchRecord('INSERT', message, unassigned.value)).toEqual({ delivered: 0, gone: 0 });
    expect(unassigned.pushed).toEqual([]);
  });

  it('tells the agent who gave a conversation away, as well as the one who has it now', async () => {
    const { value, pushed } = ports({ mine: 'delivered' });
    value.getConversation = async () => ({ ...conversation, assigneeId: 'agent-2' });
    value.listAgentConnectionIds = async (agentId) =>
      ({ 'agent-1': ['old'], 'agent-2': ['new'] })[agentId] ?? [];
    const transferred: Message = {
      ...message,
      direction: 'internal',
      author: 'agent',
      authorId: 'agent-1',
      content: {
        type: 'event',
        event: 'conversation_transferred',
        detail: { from: 'agent-1', to: 'agent-2' },
      },
    };
    expect(await dispatchRecord('INSERT', transferred, value)).toEqual({ delivered: 2, gone: 0 });
    const updates = pushed.filter((push) => push.frame.type === 'conversation.updated');
    expect(updates.map((push) => push.connectionId).sort()).toEqual(['new', 'old']);
  });

  it('pushes a note to every colleague who may read the conversation, and to nobody else', async () => {
    const { value, pushed } = ports({});
    value.getConversation = async () => ({ ...conversation, state: 'closed' });
    value.listAgentConnectionIds = async (agentId) =>
      ({ 'agent-1': ['assignee'], colleague: ['colleague'], stranger: ['stranger'] })[agentId] ?? [];
    const note: Message = {
      ...message,
      direction: 'internal',
      author: 'agent',
      authorId: 'colleague',
      content: { type: 'note', text: '客户是老顾客', authorName: '小王' },
    };
    expect(await dispatchRecord('INSERT', note, value)).toEqual({ delivered: 2, gone: 0 });
    expect(pushed.map((push) => push.connectionId).sort()).toEqual(['assignee', 'colleague']);
    // A note changes nothing of the conversation: no conversation.updated.
    expect(pushed.every((push) => push.frame.type === 'message.created')).toBe(true);
  });
});

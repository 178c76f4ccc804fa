import type { Agent } from '../../../shared/domain/agent.ts';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { Message, MessageContent } from '../../../shared/domain/message.ts';

/** ULID-shaped ids that sort like real ones: the number is the order. */
export function id(order: number): string {
  return `01J${String(order).padStart(23, '0')}`;
}

export function message(order: number, overrides: Partial<Message> = {}): Message {
  const content: MessageContent = { type: 'text', text: `message ${order}` };
  return {
    conversationId: 'c1',
    messageId: id(order),
    workspaceId: 'w',
    appId: 'wx1',
    openId: 'o1',
    direction: 'inbound',
    author: 'customer',
    content,
    createdAt: 1_700_000_000_000 + order * 1000,
    ...overrides,
  };
}

export function conversation(
  conversationId: string,
  lastOrder: number,
  overrides: Partial<Conversation> = {},
): Conversation {
  return {
    conversationId,
    workspaceId: 'w',
    appId: 'wx1',
    openId: `o-${conversationId}`,
    queueId: 'default',
    state: 'active',
    assigneeId: 'me',
    createdAt: 1_700_000_000_000,
    lastMessageAt: 1_700_000_000_000 + lastOrder * 1000,
    lastMessageId: id(lastOrder),
    lastMessagePreview: `message ${lastOrder}`,
    ...overrides,
  };
}

/** The agent signed in to the console under test. */
export const me: Agent = {
  agentId: 'me',
  workspaceId: 'w',
  username: 'me',
  displayName: 'Me',
  role: 'agent',
  appIds: ['wx1'],
  createdAt: 0,
};

import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import { reconcileConversations, upsertConversation } from '../../../web/src/conversations.ts';
import { conversation } from './fixtures.ts';

const names = (list: readonly { conversationId: string }[]) => list.map((item) => item.conversationId);

describe('upsertConversation', () => {
  it('adds a conversation first seen in a frame, most recent first', () => {
    const list = [conversation('a', 5), conversation('b', 3)];
    expect(names(upsertConversation(list, conversation('c', 9), 'me'))).toEqual(['c', 'a', 'b']);
  });

  it('moves a conversation with a new message to the top', () => {
    const list = [conversation('a', 5), conversation('b', 3)];
    expect(names(upsertConversation(list, conversation('b', 8), 'me'))).toEqual(['b', 'a']);
  });

  it('ignores a stale snapshot (a frame delivered late or twice)', () => {
    const list = [conversation('a', 5)];
    expect(upsertConversation(list, conversation('a', 4, { lastMessagePreview: 'old' }), 'me')).toBe(list);
  });

  it('takes a same-message snapshot: only state or assignee changed', () => {
    const list = [conversation('a', 5)];
    expect(upsertConversation(list, conversation('a', 5, { state: 'closed' }), 'me')[0]?.state).toBe(
      'closed',
    );
  });

  it('drops a conversation handed to another agent', () => {
    const list = [conversation('a', 5), conversation('b', 3)];
    expect(names(upsertConversation(list, conversation('a', 6, { assigneeId: 'someone' }), 'me'))).toEqual([
      'b',
    ]);
  });

  it('drops a conversation moved back to a queue: waiting customers are in the queue panel', () => {
    const list = [conversation('a', 5), conversation('b', 3)];
    const queued = conversation('a', 6, { state: 'queued', assigneeId: undefined, waitingKind: 'queue' });
    expect(names(upsertConversation(list, queued, 'me'))).toEqual(['b']);
  });

  it('keeps a closed conversation of the agent', () => {
    const list = [conversation('a', 5)];
    expect(names(upsertConversation(list, conversation('a', 6, { state: 'closed' }), 'me'))).toEqual(['a']);
  });
});

describe('reconcileConversations', () => {
  const none = new Set<string>();
  const read = (active: Conversation[], closed: Conversation[] = [], closedMore = false) => ({
    active,
    closed,
    closedMore,
  });
  const options = { agentId: 'me', touchedMeanwhile: none };

  it('takes the reads as the truth: an open conversation missing from them is gone', () => {
    const local = [conversation('a', 5), conversation('gone', 4)];
    expect(
      names(reconcileConversations(local, read([conversation('a', 6), conversation('b', 2)]), options)),
    ).toEqual(['a', 'b']);
  });

  it('keeps a frame newer than the read that raced it', () => {
    const local = [conversation('a', 9)];
    const merged = reconcileConversations(local, read([conversation('a', 6)]), options);
    expect(merged[0]?.lastMessageId).toBe(conversation('a', 9).lastMessageId);
  });

  it('keeps a conversation created by a frame while the list was being read', () => {
    const local = [conversation('new', 10), conversation('a', 5)];
    const merged = reconcileConversations(local, read([conversation('a', 5)]), {
      agentId: 'me',
      touchedMeanwhile: new Set(['new']),
    });
    expect(names(merged)).toEqual(['new', 'a']);
  });

  it('keeps closed conversations beyond a full closed page, and every open one however old', () => {
    const closed = (name: string, order: number) => conversation(name, order, { state: 'closed' });
    const local = [closed('old', 1), closed('gone', 4)];
    const merged = reconcileConversations(
      local,
      read([conversation('quiet', 0)], [closed('a', 6), closed('b', 3)], true),
      options,
    );
    expect(names(merged)).toEqual(['a', 'b', 'old', 'quiet']);
  });

  it('drops a closed conversation inside a partial closed page that no longer has it', () => {
    const local = [conversation('x', 1, { state: 'closed' })];
    expect(
      names(reconcileConversations(local, read([], [conversation('a', 6, { state: 'closed' })]), options)),
    ).toEqual(['a']);
  });
});

import { describe, expect, it } from 'vitest';
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

  it('takes the page as the truth for a partial page', () => {
    const local = [conversation('a', 5), conversation('gone', 4)];
    const page = [conversation('a', 6), conversation('b', 2)];
    expect(
      names(reconcileConversations(local, page, { limit: 50, agentId: 'me', touchedMeanwhile: none })),
    ).toEqual(['a', 'b']);
  });

  it('keeps a frame newer than the page that raced it', () => {
    const local = [conversation('a', 9)];
    const page = [conversation('a', 6)];
    const merged = reconcileConversations(local, page, { limit: 50, agentId: 'me', touchedMeanwhile: none });
    expect(merged[0]?.lastMessageId).toBe(conversation('a', 9).lastMessageId);
  });

  it('keeps a conversation created by a frame while the page was being read', () => {
    const local = [conversation('new', 10), conversation('a', 5)];
    const page = [conversation('a', 5)];
    const merged = reconcileConversations(local, page, {
      limit: 50,
      agentId: 'me',
      touchedMeanwhile: new Set(['new']),
    });
    expect(names(merged)).toEqual(['new', 'a']);
  });

  it('keeps older conversations beyond a full page', () => {
    const local = [conversation('old', 1), conversation('gone', 4)];
    const page = [conversation('a', 6), conversation('b', 3)];
    expect(
      names(reconcileConversations(local, page, { limit: 2, agentId: 'me', touchedMeanwhile: none })),
    ).toEqual(['a', 'b', 'old']);
  });
});

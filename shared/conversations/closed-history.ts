/**
 * The workspace's history of closed conversations: written by the stream consumer when a
 * conversation closes (and again when it closes again, or when a colleague adds a note to it
 * afterwards), searched by agents through the permission policy (an agent sees the conversations of
 * the queues they serve and those they served; admins and owners all of the workspace). The storage
 * design, and why, is in shared/store/closed-conversations-repository.ts.
 */
import { type HistoryResults, isSaid, snippetOf, transcriptOf } from '../domain/closed-conversation.ts';
import type { Conversation } from '../domain/conversation.ts';
import type { Message } from '../domain/message.ts';
import { type Actor, decide } from '../domain/permissions.ts';
import { reportFactsOf } from '../domain/report-facts.ts';
import { getAgent } from '../store/agents-repository.ts';
import { getAppCached } from '../store/app-cache.ts';
import {
  deleteClosedConversation,
  type HistoryQuery,
  putClosedConversation,
  searchClosedConversations,
} from '../store/closed-conversations-repository.ts';
import { getConversation } from '../store/conversations-repository.ts';
import { getCustomerProfile } from '../store/customer-profiles-repository.ts';
import { listMessages } from '../store/messages-repository.ts';

async function allMessages(conversationId: string): Promise<Message[]> {
  const messages: Message[] = [];
  let after: string | undefined;
  do {
    const page = await listMessages(conversationId, after, 500);
    messages.push(...page.messages);
    after = page.nextAfter;
  } while (after);
  return messages;
}

/**
 * Writes the conversation's history entry if it is closed now (a late record of a conversation
 * reopened since writes nothing: its reopening removed the entry, and its next closing writes it).
 */
export async function recordClosedConversation(conversationId: string): Promise<void> {
  const conversation = await getConversation(conversationId, true);
  if (conversation?.state !== 'closed' || conversation.closedAt === undefined) return;
  const [messages, profile, app, agent] = await Promise.all([
    allMessages(conversationId),
    getCustomerProfile(conversation.appId, conversation.openId),
    getAppCached(conversation.appId),
    conversation.assigneeId ? getAgent(conversation.assigneeId) : undefined,
  ]);
  const closedAt = conversation.closedAt;
  await putClosedConversation(
    {
      conversationId,
      workspaceId: conversation.workspaceId,
      appId: conversation.appId,
      ...(app?.name ? { appName: app.name } : {}),
      queueId: conversation.queueId,
      ...(conversation.assigneeId ? { agentId: conversation.assigneeId } : {}),
      ...(agent?.displayName ? { agentName: agent.displayName } : {}),
      openId: conversation.openId,
      ...(profile.remarkName ? { remarkName: profile.remarkName } : {}),
      tags: profile.tags,
      openedAt: conversation.createdAt,
      closedAt,
      messageCount: messages.filter(isSaid).length,
      transcript: transcriptOf(messages),
      ...(conversation.rating !== undefined ? { rating: conversation.rating } : {}),
    },
    reportFactsOf({ ...conversation, closedAt }, messages),
  );
}

/**
 * What a stream record means for the history: a closing, a later note or the customer's survey answer
 * (`seen`: the conversation as the stream consumer read it for the record) writes, a reopening removes.
 */
export async function updateClosedHistory(message: Message, seen: Conversation | undefined): Promise<void> {
  const { content } = message;
  if (content.type === 'note') return recordClosedConversation(message.conversationId);
  if (message.direction === 'inbound' && seen?.state === 'closed' && seen.rating !== undefined) {
    return recordClosedConversation(message.conversationId);
  }
  if (content.type !== 'event') return;
  if (content.event === 'conversation_closed') return recordClosedConversation(message.conversationId);
  if (content.event === 'conversation_reopened') return deleteClosedConversation(message.conversationId);
}

/**
 * What a change to a message already in the log means for the history: a voice's machine transcript
 * finishes minutes after the customer spoke, often after the conversation closed, and its words belong
 * in the history's transcript like the rest. Whether the conversation is closed is read consistently by
 * the rewrite itself: a transcript is rare enough for that read.
 */
export async function updateClosedHistoryOnChange(
  before: Message | undefined,
  after: Message,
): Promise<void> {
  if (after.content.type !== 'voice' || after.content.machineTranscript === undefined) return;
  if (before?.content.type === 'voice' && before.content.machineTranscript !== undefined) return;
  return recordClosedConversation(after.conversationId);
}

export type HistorySearch = Omit<HistoryQuery, 'workspaceId' | 'visible' | 'readBudget'>;

/**
 * About 400 KB of history items read per request (eventually consistent reads count 8 KB a unit):
 * a busy workspace's month in a few requests, and an answer in well under a second.
 */
export const historyReadBudget = 50;

export async function searchHistory(actor: Actor, search: HistorySearch): Promise<HistoryResults> {
  const page = await searchClosedConversations({
    ...search,
    workspaceId: actor.workspaceId,
    readBudget: historyReadBudget,
    // The agent who served it is its assignee, as far as the policy goes.
    visible: (entry) => decide(actor, 'read', { ...entry, assigneeId: entry.agentId }).allowed,
  });
  return {
    results: page.entries.map(({ transcript, ...entry }) => {
      const snippet = search.words ? snippetOf(transcript, search.words) : transcript.split('\n', 1)[0];
      return snippet ? { ...entry, snippet } : entry;
    }),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
}

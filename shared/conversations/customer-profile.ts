/**
 * Customer profiles as agents see them: reached through a conversation of the customer, so whoever
 * may read that conversation (its agent, its queue's members, admins; see permissions.ts) may read
 * and change the profile, and nobody else; another workspace's is as unknown as its conversations.
 */
import type { Conversation } from '../domain/conversation.ts';
import type { CustomerName, CustomerProfile } from '../domain/customer-profile.ts';
import type { CustomerProfileChange } from '../domain/customer-profile-schema.ts';
import { type Actor, decide } from '../domain/permissions.ts';
import { getConversation } from '../store/conversations-repository.ts';
import { type CustomerHistoryPage, listCustomerConversations } from '../store/customer-history-repository.ts';
import {
  addToTagVocabulary,
  getCustomerProfile,
  getRemarkNames,
  tagVocabulary,
  writeCustomerProfile,
} from '../store/customer-profiles-repository.ts';
import { tellProfileReaders } from './customer-profile-push.ts';

export type ProfileOutcome<T> =
  | { outcome: 'done'; value: T }
  | { outcome: 'refused'; refusal: 'not_found' | 'forbidden' };

export interface ProfileView {
  profile: CustomerProfile;
  /** Tags given to the workspace's customers so far, to choose from. */
  suggestedTags: string[];
}

async function readable(
  actor: Actor,
  conversationId: string,
): Promise<{ conversation: Conversation } | { refusal: 'not_found' | 'forbidden' }> {
  const conversation = await getConversation(conversationId);
  if (!conversation) return { refusal: 'not_found' };
  const decision = decide(actor, 'read', conversation);
  return decision.allowed ? { conversation } : { refusal: decision.refusal };
}

/** The profile of the conversation's customer, with the workspace's tags to suggest. */
export async function customerProfileOf(
  actor: Actor,
  conversationId: string,
): Promise<ProfileOutcome<ProfileView>> {
  const found = await readable(actor, conversationId);
  if ('refusal' in found) return { outcome: 'refused', refusal: found.refusal };
  const { appId, openId } = found.conversation;
  const [profile, suggestedTags] = await Promise.all([
    getCustomerProfile(appId, openId),
    tagVocabulary(actor.workspaceId),
  ]);
  return { outcome: 'done', value: { profile, suggestedTags } };
}

/** Changes the remark name, tags or note of the conversation's customer. */
export async function changeCustomerProfile(
  actor: Actor,
  conversationId: string,
  change: CustomerProfileChange,
  now = Date.now(),
): Promise<ProfileOutcome<CustomerProfile>> {
  const found = await readable(actor, conversationId);
  if ('refusal' in found) return { outcome: 'refused', refusal: found.refusal };
  const { appId, openId } = found.conversation;
  const tags = change.tags ? [...new Set(change.tags)] : undefined;
  const profile = await writeCustomerProfile(
    appId,
    openId,
    {
      // An emptied text removes the field rather than storing nothing.
      ...(change.remarkName !== undefined ? { remarkName: change.remarkName || null } : {}),
      ...(tags ? { tags } : {}),
      ...(change.note !== undefined ? { note: change.note?.trim() ? change.note : null } : {}),
    },
    actor.agentId,
    now,
  );
  if (tags) await addToTagVocabulary(actor.workspaceId, tags);
  await tellProfileReaders(found.conversation, profile);
  return { outcome: 'done', value: profile };
}

/**
 * The customer's conversations with the app, newest first (the one asked through included), for
 * reading in the profile panel: those of them the actor may read (an earlier one may have been in a
 * queue they do not serve), each then read through the conversation's own messages route.
 */
export async function customerHistoryOf(
  actor: Actor,
  conversationId: string,
  page: { limit: number; before?: string },
): Promise<ProfileOutcome<CustomerHistoryPage>> {
  const found = await readable(actor, conversationId);
  if ('refusal' in found) return { outcome: 'refused', refusal: found.refusal };
  const { appId, openId } = found.conversation;
  const history = await listCustomerConversations(appId, openId, page.limit, page.before);
  const conversations = history.conversations.filter(
    (conversation) => decide(actor, 'read', conversation).allowed,
  );
  return { outcome: 'done', value: { ...history, conversations } };
}

/** BatchGet takes at most 100 keys. */
const batchSize = 100;

/** The remark names of the customers of listed conversations (the agent's own list). */
export async function customerNamesOf(conversations: readonly Conversation[]): Promise<CustomerName[]> {
  const customers = [
    ...new Map(conversations.map(({ appId, openId }) => [`${appId} ${openId}`, { appId, openId }])).values(),
  ];
  const names: CustomerName[] = [];
  for (let start = 0; start < customers.length; start += batchSize) {
    const batch = customers.slice(start, start + batchSize);
    const found = await getRemarkNames(batch);
    for (const { appId, openId } of batch) {
      const remarkName = found.get(`${appId} ${openId}`);
      if (remarkName) names.push({ appId, openId, remarkName });
    }
  }
  return names;
}

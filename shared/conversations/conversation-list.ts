import type { Conversation } from '../domain/conversation.ts';
import { listAssignedConversations } from '../store/conversations-repository.ts';

/** What an agent's console lists: the conversations assigned to them, most recent activity first. */
export function conversationsOf(agentId: string, limit: number): Promise<Conversation[]> {
  return listAssignedConversations(agentId, limit);
}

import type { Conversation } from '../domain/conversation.ts';
import { type Actor, decide } from '../domain/permissions.ts';
import { findAgentActor } from '../store/actor-repository.ts';
import { listWorkspaceAgentIds } from '../store/agents-repository.ts';

/**
 * Every agent of the conversation's workspace the permission policy lets read it (its agent, its
 * queue's members, admins and owners), each read as they are now. One query per agent: paid only for
 * what agents write by hand (notes), never for customers' messages.
 */
export async function conversationReaders(conversation: Conversation): Promise<string[]> {
  const agentIds = await listWorkspaceAgentIds(conversation.workspaceId);
  const actors = await Promise.all(agentIds.map(findAgentActor));
  return actors
    .filter((actor): actor is Actor => actor !== undefined && decide(actor, 'read', conversation).allowed)
    .map((actor) => actor.agentId);
}

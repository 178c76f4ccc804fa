/**
 * Tells the consoles of every agent who may read the conversation (its agent, its queue's members,
 * admins and owners) that its customer's profile changed, so the remark name and tags change on their
 * screens at once. Pushed from the API, like read state (read-state.ts): a profile is what agents
 * know of a customer, not something that happens to the conversation. A push that fails costs
 * nothing lasting: a console reads the profile over HTTP whenever it shows the customer.
 */
import type { Conversation } from '../domain/conversation.ts';
import type { CustomerProfile } from '../domain/customer-profile.ts';
import { logger } from '../observability/logger.ts';
import { connectionPusher } from '../realtime/connection-pusher.ts';
import { listAgentConnectionIds } from '../store/connections-repository.ts';
import { consoleFoundGone } from './agent-presence.ts';
import { conversationReaders } from './conversation-readers.ts';

export async function tellProfileReaders(
  conversation: Conversation,
  profile: CustomerProfile,
): Promise<void> {
  const agentIds = await conversationReaders(conversation);
  await Promise.all(
    agentIds.map(async (agentId) => {
      for (const connectionId of await listAgentConnectionIds(agentId)) {
        try {
          const outcome = await connectionPusher().push(connectionId, { type: 'customer.updated', profile });
          if (outcome === 'gone') await consoleFoundGone(agentId, connectionId);
        } catch (error) {
          logger.warn('could not tell a console about a customer profile', { connectionId, error });
        }
      }
    }),
  );
}

/**
 * Read state: how far each agent has read each conversation, kept on the server and told at once to
 * the agent's other consoles (tabs, devices).
 *
 * The frame is pushed from here rather than through the message log: read state is the agent's own
 * bookkeeping, not something that happens to the conversation, so it does not wake the dispatcher for
 * every glance at a thread. A push that fails costs nothing lasting: every console reads the cursors
 * again over HTTP when it (re)connects.
 */
import { type Actor, decide } from '../domain/permissions.ts';
import type { ReadCursor } from '../domain/read-cursor.ts';
import { logger } from '../observability/logger.ts';
import { connectionPusher } from '../realtime/connection-pusher.ts';
import { listAgentConnectionIds } from '../store/connections-repository.ts';
import { getConversation } from '../store/conversations-repository.ts';
import { advanceReadCursor, listReadCursors, markCursorUnread } from '../store/read-cursors-repository.ts';
import { consoleFoundGone } from './agent-presence.ts';

/** As many as a console's read cursors could matter for: the agent's newest conversations. */
export const readCursorLimit = 500;

export type ReadStateOutcome =
  | { outcome: 'done'; cursor: ReadCursor | undefined }
  | { outcome: 'refused'; refusal: 'not_found' | 'forbidden' };

/** Read state is kept for the conversations the agent may read, and only those. */
async function mayRead(actor: Actor, conversationId: string) {
  const conversation = await getConversation(conversationId);
  if (!conversation) return { allowed: false, refusal: 'not_found' } as const;
  return decide(actor, 'read', conversation);
}

/**
 * The agent has had the conversation on screen up to message `through`. The cursor never moves back;
 * the answer's cursor is undefined when it was already there.
 */
export async function markRead(
  actor: Actor,
  conversationId: string,
  through: string,
  now = Date.now(),
): Promise<ReadStateOutcome> {
  const decision = await mayRead(actor, conversationId);
  if (!decision.allowed) return { outcome: 'refused', refusal: decision.refusal };
  const cursor = await advanceReadCursor(actor.agentId, conversationId, through, now);
  if (cursor) await tellConsoles(actor.agentId, cursor);
  return { outcome: 'done', cursor };
}

/** "Mark as unread": the conversation counts as unread until the agent opens it again. */
export async function markUnread(
  actor: Actor,
  conversationId: string,
  now = Date.now(),
): Promise<ReadStateOutcome> {
  const decision = await mayRead(actor, conversationId);
  if (!decision.allowed) return { outcome: 'refused', refusal: decision.refusal };
  const cursor = await markCursorUnread(actor.agentId, conversationId, now);
  await tellConsoles(actor.agentId, cursor);
  return { outcome: 'done', cursor };
}

/** The agent's read cursors, newest conversations first. */
export function readCursorsOf(actor: Actor): Promise<ReadCursor[]> {
  return listReadCursors(actor.agentId, readCursorLimit);
}

/** Every console of the agent, the one that asked included (it may be one of several in the tab). */
async function tellConsoles(agentId: string, cursor: ReadCursor): Promise<void> {
  const connectionIds = await listAgentConnectionIds(agentId);
  await Promise.all(
    connectionIds.map(async (connectionId) => {
      try {
        const outcome = await connectionPusher().push(connectionId, { type: 'read.updated', cursor });
        if (outcome === 'gone') await consoleFoundGone(agentId, connectionId);
      } catch (error) {
        logger.warn('could not tell a console about read state', { connectionId, error });
      }
    }),
  );
}

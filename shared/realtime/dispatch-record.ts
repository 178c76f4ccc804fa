import type { DynamoDBRecord } from 'aws-lambda';
import type { Conversation } from '../domain/conversation.ts';
import { formerAssigneeOf } from '../domain/lifecycle-event.ts';
import { failedWithWaitBack, type Message } from '../domain/message.ts';
import type { ConnectionPusher, PushOutcome } from './connection-pusher.ts';
import type { ServerFrame } from './frames.ts';

/** What delivering one log record needs from the outside world. */
export interface DispatchPorts {
  pusher: ConnectionPusher;
  getConversation(conversationId: string): Promise<Conversation | undefined>;
  listAgentConnectionIds(agentId: string): Promise<string[]>;
  /** Forgets a socket that is gone (and, with it, maybe the agent's presence). */
  forgetConnection(agentId: string, connectionId: string): Promise<void>;
  /** Prepares a message for the console (e.g. links to its picture). */
  present(message: Message): Promise<Message>;
  /** Every agent the permission policy lets read the conversation: who hears of a note. */
  readersOf(conversation: Conversation): Promise<string[]>;
}

export interface DispatchResult {
  delivered: number;
  gone: number;
}

/** Frames in order to one socket; stops at the first sign the socket is gone. */
async function pushAll(
  pusher: ConnectionPusher,
  connectionId: string,
  frames: ServerFrame[],
): Promise<PushOutcome> {
  for (const frame of frames) {
    if ((await pusher.push(connectionId, frame)) === 'gone') return 'gone';
  }
  return 'delivered';
}

/**
 * Pushes one message-log record to every open socket of the conversation's assignee (and, for a
 * transfer, of the agent who gave it away). A vanished
 * socket (410) is forgotten and is not a failure; any other failure is thrown so the record is
 * retried (clients dedupe by message id, so a second delivery to the sockets that did get it is harmless).
 */
export async function dispatchRecord(
  eventName: DynamoDBRecord['eventName'],
  stored: Message,
  ports: DispatchPorts,
): Promise<DispatchResult> {
  const conversation = await ports.getConversation(stored.conversationId);
  if (!conversation) return { delivered: 0, gone: 0 };
  const isNote = stored.content.type === 'note';
  // Whoever has the conversation now, and whoever just gave it away (so it leaves their list); a
  // note, every colleague who may read the conversation.
  const agentIds = [
    ...new Set(
      [
        conversation.assigneeId,
        formerAssigneeOf(stored),
        ...(isNote ? await ports.readersOf(conversation) : []),
      ].filter((id): id is string => !!id),
    ),
  ];
  if (agentIds.length === 0) return { delivered: 0, gone: 0 };
  const message = await ports.present(stored);
  const frames: ServerFrame[] =
    eventName === 'INSERT'
      ? [{ type: 'message.created', message, conversation }]
      : [{ type: 'message.updated', message }];
  // A change of the conversation itself is announced as such, too; so is the customer's wait, back
  // after a failed answer (consoles show how long they have waited).
  if (
    (eventName === 'INSERT' && message.direction === 'internal' && !isNote) ||
    (eventName === 'MODIFY' && failedWithWaitBack(stored))
  ) {
    frames.push({ type: 'conversation.updated', conversation });
  }
  const sockets = (
    await Promise.all(
      agentIds.map(async (agentId) =>
        (await ports.listAgentConnectionIds(agentId)).map((connectionId) => ({ agentId, connectionId })),
      ),
    )
  ).flat();
  const outcomes = await Promise.allSettled(
    sockets.map(({ connectionId }) => pushAll(ports.pusher, connectionId, frames)),
  );
  const result: DispatchResult = { delivered: 0, gone: 0 };
  const failures: unknown[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    const socket = sockets[index] as { agentId: string; connectionId: string };
    if (outcome.status === 'rejected') failures.push(outcome.reason);
    else if (outcome.value === 'gone') {
      result.gone++;
      await ports.forgetConnection(socket.agentId, socket.connectionId);
    } else result.delivered++;
  }
  if (failures.length > 0) {
    throw new AggregateError(failures, `${failures.length} of ${sockets.length} pushes failed`);
  }
  return result;
}

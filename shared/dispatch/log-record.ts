/**
 * What the stream consumer does with one record of the message log: push the message to the
 * assigned agent's sockets, send agents' (and the bot's) messages to WeChat, answer customers
 * automatically and tell them who took their conversation or that it closed where the queue says
 * so, and keep copies of customers' pictures, voices and videos. The stream trigger
 * (`functions/dispatch.ts`) and the redrive of what it gave up on (`functions/redrive-stream.ts`)
 * both come here.
 *
 * Handling a record again is harmless: sends are guarded by conditional status changes, automatic
 * replies are keyed by the customer's message, and a record of a conversation handled before its
 * batch failed elsewhere is recognised by the conversation's watermark and skipped (so agents do not
 * get its frame twice).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { functionEnv } from '../config/env-names.ts';
import { consoleFoundGone } from '../conversations/agent-presence.ts';
import { replyAutomatically } from '../conversations/auto-replier.ts';
import { updateClosedHistory, updateClosedHistoryOnChange } from '../conversations/closed-history.ts';
import { conversationReaders } from '../conversations/conversation-readers.ts';
import { tellCustomer } from '../conversations/customer-notifier.ts';
import { noteHandled } from '../conversations/handling-recorder.ts';
import { failedWithWaitBack, type Message } from '../domain/message.ts';
import { downloadBounded, downloadWithRetries } from '../media/bounded-download.ts';
import { collectInboundMedia } from '../media/collect-inbound-media.ts';
import { startVoiceTranscription } from '../media/voice-transcriber.ts';
import { withMediaUrl } from '../media/with-media-url.ts';
import { messageReceived } from '../observability/events.ts';
import { logger } from '../observability/logger.ts';
import { deliverOutbound } from '../outbound/deliver-outbound.ts';
import { type ConnectionPusher, createConnectionPusher } from '../realtime/connection-pusher.ts';
import { dispatchRecord } from '../realtime/dispatch-record.ts';
import { getAppCached } from '../store/app-cache.ts';
import { listAgentConnectionIds } from '../store/connections-repository.ts';
import { reopenWait } from '../store/conversations-repository.ts';
import { alreadyDispatched, getConversationForDispatch } from '../store/dispatch-watermark.ts';
import { getMedia, mediaUrl, putMedia } from '../store/media-store.ts';
import { recordMediaCopy, toMessage, transitionStatus } from '../store/messages-repository.ts';
import { takeGrant } from '../store/subscription-grants-repository.ts';
import { wechatContext } from '../wechat/wechat-context.ts';

let pusher: ConnectionPusher | undefined;

export function connectionPusher(): ConnectionPusher {
  const endpoint = process.env[functionEnv.wsCallbackUrl];
  if (!endpoint) throw new Error(`${functionEnv.wsCallbackUrl} is not set`);
  pusher ??= createConnectionPusher(endpoint);
  return pusher;
}

function messageOf(record: DynamoDBRecord, image = record.dynamodb?.NewImage): Message | undefined {
  if (record.eventName === 'REMOVE' || !image) return undefined;
  return toMessage(unmarshall(image as Record<string, AttributeValue>));
}

/** The conversation a record belongs to (the message table's partition key). */
export function conversationOf(record: DynamoDBRecord): string | undefined {
  return record.dynamodb?.Keys?.conversationId?.S;
}

export async function handleLogRecord(record: DynamoDBRecord): Promise<void> {
  const message = messageOf(record);
  if (!message) return;
  let read = await getConversationForDispatch(message.conversationId);
  // Every message written to a conversation's log moves its lastMessageId to the message or past it
  // (an assignment from the queue is the exception). A read that is not there yet is a stale
  // eventually consistent one: read again, consistently. Otherwise it shows the conversation as it
  // was when the message was written or later, which is what the frame and the automatic reply go by.
  // The wait a failed answer puts back is written by the delivery that recorded the failure, which
  // has finished (a conversation's records are handled in order): read consistently to see it.
  if (
    (record.eventName === 'INSERT' &&
      read.conversation &&
      read.conversation.lastMessageId < message.messageId) ||
    (record.eventName === 'MODIFY' && failedWithWaitBack(message))
  ) {
    read = await getConversationForDispatch(message.conversationId, true);
  }
  const { conversation, dispatchedThrough } = read;
  if (alreadyDispatched(dispatchedThrough, record.dynamodb?.SequenceNumber ?? '')) return;
  await dispatchRecord(record.eventName, message, {
    pusher: connectionPusher(),
    getConversation: async () => conversation,
    listAgentConnectionIds,
    forgetConnection: consoleFoundGone,
    present: (stored) => withMediaUrl(stored, mediaUrl),
    readersOf: conversationReaders,
  });
  if (record.eventName === 'MODIFY') {
    await updateClosedHistoryOnChange(messageOf(record, record.dynamodb?.OldImage), message);
    return;
  }
  await updateClosedHistory(message, conversation);
  if (message.direction === 'inbound') messageReceived();
  const context = { ...wechatContext(), getApp: getAppCached };
  await deliverOutbound(message, {
    ...context,
    getMedia,
    transition: transitionStatus,
    clock: Date.now,
    reopenWait,
    takeGrant,
  });
  if (message.direction === 'inbound') await replyAutomatically(message, conversation);
  if (message.direction === 'internal') {
    await tellCustomer(message, conversation);
    await noteHandled(message, conversation);
  }
  // A medium WeChat would not give is recorded on the message by the collection itself; anything
  // else failing (the bucket, the table) must not hold back the messages behind it either.
  const transcriptionJobPrefix = process.env[functionEnv.transcriptionJobPrefix];
  await collectInboundMedia(message, {
    ...context,
    putMedia,
    recordMediaCopy,
    ...(transcriptionJobPrefix
      ? { transcribe: (voice: Message) => startVoiceTranscription(transcriptionJobPrefix, voice) }
      : {}),
    fetchUrl: (url, limits) => downloadWithRetries(() => downloadBounded(url, limits)),
  }).catch((error: unknown) =>
    logger.warn('could not store a copy of a customer medium', {
      conversationId: message.conversationId,
      messageId: message.messageId,
      error: error instanceof Error ? error.message : String(error),
    }),
  );
}

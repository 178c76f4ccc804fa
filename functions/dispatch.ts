/**
 * Consumes the message log's stream: pushes each message to the assigned agent's sockets, sends
 * agents' (and the bot's) messages to WeChat, answers customers automatically where the queue says so
 * and keeps copies of customers' pictures. A conversation's records are handled one after another,
 * so its messages keep their order, and different conversations at once; the batch is retried from
 * the earliest failed record.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { consoleLeft } from '../shared/conversations/agent-presence.ts';
import { replyAutomatically } from '../shared/conversations/auto-replier.ts';
import type { Message } from '../shared/domain/message.ts';
import { collectInboundMedia } from '../shared/media/collect-inbound-media.ts';
import { withMediaUrl } from '../shared/media/with-media-url.ts';
import { deliverOutbound } from '../shared/outbound/deliver-outbound.ts';
import { type ConnectionPusher, createConnectionPusher } from '../shared/realtime/connection-pusher.ts';
import { dispatchRecord } from '../shared/realtime/dispatch-record.ts';
import { handleInKeyOrder } from '../shared/realtime/handle-in-key-order.ts';
import { getAppCached } from '../shared/store/app-cache.ts';
import { deleteConnection, listAgentConnectionIds } from '../shared/store/connections-repository.ts';
import { getConversation } from '../shared/store/conversations-repository.ts';
import { getMedia, mediaUrl, putMedia } from '../shared/store/media-store.ts';
import { attachStorageKey, transitionStatus } from '../shared/store/messages-repository.ts';
import { wechatContext } from '../shared/wechat/wechat-context.ts';

let pusher: ConnectionPusher | undefined;

function connectionPusher(): ConnectionPusher {
  const endpoint = process.env.WS_CALLBACK_URL;
  if (!endpoint) throw new Error('WS_CALLBACK_URL is not set');
  pusher ??= createConnectionPusher(endpoint);
  return pusher;
}

async function fetchUrl(url: string) {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return {
    bytes: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type') ?? 'application/octet-stream',
  };
}

function messageOf(record: DynamoDBRecord): Message | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName === 'REMOVE' || !image) return undefined;
  return unmarshall(image as Record<string, AttributeValue>) as Message;
}

async function handleRecord(record: DynamoDBRecord): Promise<void> {
  const message = messageOf(record);
  if (!message) return;
  await dispatchRecord(record.eventName, message, {
    pusher: connectionPusher(),
    getConversation,
    listAgentConnectionIds,
    async forgetConnection(agentId, connectionId) {
      await deleteConnection(connectionId);
      await consoleLeft(agentId, Date.now());
    },
    present: (stored) => withMediaUrl(stored, mediaUrl),
  });
  if (record.eventName !== 'INSERT') return;
  const context = { ...wechatContext(), getApp: getAppCached };
  await deliverOutbound(message, {
    ...context,
    getMedia,
    transition: transitionStatus,
    clock: Date.now,
  });
  if (message.direction === 'inbound') await replyAutomatically(message);
  // A copy of a picture is a convenience (WeChat's own link still works for three days): failing
  // to make it must not hold back the messages behind it.
  await collectInboundMedia(message, { ...context, putMedia, attachStorageKey, fetchUrl }).catch(
    (error: unknown) =>
      console.warn(
        JSON.stringify({
          level: 'warn',
          msg: 'could not keep a copy of a customer picture',
          messageId: message.messageId,
          error: error instanceof Error ? error.message : String(error),
        }),
      ),
  );
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const failed = await handleInKeyOrder(
    event.Records,
    (record) => record.dynamodb?.Keys?.conversationId?.S ?? record.eventID ?? '',
    handleRecord,
    (record, error) =>
      console.error(
        JSON.stringify({
          level: 'error',
          msg: 'dispatch failed; the record will be retried',
          eventID: record.eventID,
          error: error instanceof Error ? error.message : String(error),
        }),
      ),
  );
  const record = failed === undefined ? undefined : event.Records[failed];
  return { batchItemFailures: record ? [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] : [] };
}

/**
 * Consumes the message log's stream and pushes each message to the assigned agent's sockets.
 * Records are handled one after another so a conversation's messages arrive in order; at the first
 * failure the rest of the batch is left for the retry, which resumes from the failed record.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { type ConnectionPusher, createConnectionPusher } from '../shared/realtime/connection-pusher.ts';
import { dispatchRecord } from '../shared/realtime/dispatch-record.ts';
import { deleteConnection, listAgentConnectionIds } from '../shared/store/connections-repository.ts';
import { getConversation } from '../shared/store/conversations-repository.ts';

let pusher: ConnectionPusher | undefined;

function connectionPusher(): ConnectionPusher {
  const endpoint = process.env.WS_CALLBACK_URL;
  if (!endpoint) throw new Error('WS_CALLBACK_URL is not set');
  pusher ??= createConnectionPusher(endpoint);
  return pusher;
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const ports = { pusher: connectionPusher(), getConversation, listAgentConnectionIds, deleteConnection };
  for (const record of event.Records) {
    try {
      await dispatchRecord(record, ports);
    } catch (error) {
      console.error(
        JSON.stringify({
          level: 'error',
          msg: 'dispatch failed; the record will be retried',
          eventID: record.eventID,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}

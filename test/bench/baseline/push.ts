/** Baseline: each new item's body, posted to the socket its key names. */
import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { functionEnv } from '../../../shared/config/env-names.ts';

const client = new ApiGatewayManagementApiClient({ endpoint: process.env[functionEnv.wsCallbackUrl] });

export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) continue;
    await client.send(
      new PostToConnectionCommand({ ConnectionId: image.conversationId?.S, Data: image.body?.S ?? '' }),
    );
  }
}

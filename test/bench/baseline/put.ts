/** Baseline: the request body, stored as one item keyed by the socket to push it to. */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { functionEnv } from '../../../shared/config/env-names.ts';

const client = new DynamoDBClient({});

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> {
  await client.send(
    new PutItemCommand({
      TableName: process.env[functionEnv.messagesTable],
      Item: {
        conversationId: { S: event.pathParameters?.connectionId ?? '' },
        messageId: { S: `${Date.now()}-${Math.random()}` },
        body: { S: event.body ?? '' },
      },
    }),
  );
  return { statusCode: 200, body: 'success' };
}

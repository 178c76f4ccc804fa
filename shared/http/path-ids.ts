/**
 * The ids the console's routes name in their paths: a malformed one is answered with 400 before
 * anything is read.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { appIdSchema, ulidSchema } from '../domain/id-schema.ts';
import { queueIdSchema } from '../domain/queue-id-schema.ts';
import { pathParameter } from './request.ts';

export function conversationIn(event: APIGatewayProxyEventV2): string {
  return pathParameter(event, 'conversationId', ulidSchema);
}

export function quickReplyIn(event: APIGatewayProxyEventV2): string {
  return pathParameter(event, 'quickReplyId', ulidSchema);
}

export function agentIn(event: APIGatewayProxyEventV2): string {
  return pathParameter(event, 'agentId', ulidSchema);
}

export function appIn(event: APIGatewayProxyEventV2): string {
  return pathParameter(event, 'appId', appIdSchema);
}

export function queueIn(event: APIGatewayProxyEventV2): { appId: string; queueId: string } {
  return { appId: appIn(event), queueId: pathParameter(event, 'queueId', queueIdSchema) };
}

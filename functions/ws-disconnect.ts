/** Forgets a closed socket. API Gateway calls this on a best-effort basis; TTL and 410s cover the rest. */
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { consoleDisconnected } from '../shared/conversations/agent-presence.ts';
import { observed, requestIdOf } from '../shared/observability/invocation.ts';
import { socketIdentity } from '../shared/realtime/socket-identity.ts';

/** The WebSocket route this function answers. */
export const routeKeys = ['$disconnect'];

async function handle(event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> {
  await consoleDisconnected(socketIdentity(event).agentId, event.requestContext.connectionId);
  return { statusCode: 200 };
}

export const handler = observed(handle, requestIdOf);

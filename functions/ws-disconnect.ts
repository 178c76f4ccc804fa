/** Forgets a closed socket. API Gateway calls this on a best-effort basis; TTL and 410s cover the rest. */
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { consoleLeft } from '../shared/conversations/agent-presence.ts';
import { socketIdentity } from '../shared/realtime/socket-identity.ts';
import { deleteConnection } from '../shared/store/connections-repository.ts';

export async function handler(event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> {
  await deleteConnection(event.requestContext.connectionId);
  await consoleLeft(socketIdentity(event).agentId, Date.now());
  return { statusCode: 200 };
}

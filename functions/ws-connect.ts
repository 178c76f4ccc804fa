/** Records an agent's socket so the dispatcher can reach it. */
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { socketIdentity } from '../shared/realtime/socket-identity.ts';
import { saveConnection } from '../shared/store/connections-repository.ts';

export async function handler(event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> {
  const { agentId, workspaceId } = socketIdentity(event);
  await saveConnection({
    connectionId: event.requestContext.connectionId,
    agentId,
    workspaceId,
    connectedAt: event.requestContext.connectedAt ?? Date.now(),
  });
  return { statusCode: 200 };
}

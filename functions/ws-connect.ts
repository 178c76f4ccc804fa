/** Records an agent's socket so the dispatcher can reach it; the agent is now present and takes waiting customers. */
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { agentIsHere } from '../shared/conversations/agent-presence.ts';
import { socketIdentity } from '../shared/realtime/socket-identity.ts';
import { saveConnection } from '../shared/store/connections-repository.ts';

export async function handler(event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> {
  const { agentId, workspaceId } = socketIdentity(event);
  const connectedAt = event.requestContext.connectedAt ?? Date.now();
  await saveConnection({
    connectionId: event.requestContext.connectionId,
    agentId,
    workspaceId,
    connectedAt,
  });
  await agentIsHere(agentId, connectedAt, true);
  return { statusCode: 200 };
}

/** Records an agent's socket so the dispatcher can reach it; the agent is now present and takes waiting customers. */
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { consoleConnected } from '../shared/conversations/agent-presence.ts';
import { observed, requestIdOf } from '../shared/observability/invocation.ts';
import { socketIdentity } from '../shared/realtime/socket-identity.ts';

/** The WebSocket route this function answers. */
export const routeKeys = ['$connect'];

async function handle(event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> {
  const { agentId, workspaceId, sessionId } = socketIdentity(event);
  const connectedAt = event.requestContext.connectedAt ?? Date.now();
  await consoleConnected({
    connectionId: event.requestContext.connectionId,
    agentId,
    workspaceId,
    sessionId,
    connectedAt,
  });
  return { statusCode: 200 };
}

export const handler = observed(handle, requestIdOf);

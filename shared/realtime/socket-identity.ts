import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import type { AgentIdentity } from '../auth/agent-token.ts';

/** The agent a socket belongs to, as the `$connect` authorizer established it. */
export function socketIdentity(event: APIGatewayProxyWebsocketEventV2): AgentIdentity {
  const context = (event.requestContext as { authorizer?: Record<string, unknown> }).authorizer;
  const { agentId, workspaceId, username, sessionId } = context ?? {};
  if (
    typeof agentId !== 'string' ||
    typeof workspaceId !== 'string' ||
    typeof username !== 'string' ||
    typeof sessionId !== 'string'
  ) {
    throw new Error('the socket has no authorizer context: is the $connect authorizer configured?');
  }
  return { agentId, workspaceId, username, sessionId };
}

import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export interface SocketIdentity {
  agentId: string;
  workspaceId: string;
}

/** The agent a socket belongs to, as the `$connect` authorizer established it. */
export function socketIdentity(event: APIGatewayProxyWebsocketEventV2): SocketIdentity {
  const context = (event.requestContext as { authorizer?: Record<string, unknown> }).authorizer;
  const agentId = context?.agentId;
  const workspaceId = context?.workspaceId;
  if (typeof agentId !== 'string' || typeof workspaceId !== 'string') {
    throw new Error('the socket has no authorizer context: is the $connect authorizer configured?');
  }
  return { agentId, workspaceId };
}

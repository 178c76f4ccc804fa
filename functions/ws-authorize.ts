/** Authorizes a console's socket at `$connect`: browsers cannot set headers, so the token is in the query. */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { verifyAgentToken } from '../shared/auth/agent-token.ts';

export async function handler(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const token = event.queryStringParameters?.token;
  const identity = token ? await verifyAgentToken(token) : undefined;
  // API Gateway answers 401 when the authorizer throws exactly 'Unauthorized'.
  if (!identity) throw new Error('Unauthorized');
  return {
    principalId: identity.agentId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
    },
    context: { agentId: identity.agentId, workspaceId: identity.workspaceId, username: identity.username },
  };
}

/** Authorizes a console's socket at `$connect`: browsers cannot set headers, so the token is in the query. */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { authenticateToken } from '../shared/auth/sessions.ts';
import { observed, requestIdOf } from '../shared/observability/invocation.ts';

async function handle(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const token = event.queryStringParameters?.token;
  const authenticated = token ? await authenticateToken(token) : undefined;
  // API Gateway answers 401 when the authorizer throws exactly 'Unauthorized'. An agent who must
  // first change their password opens no console either.
  if (authenticated?.outcome !== 'authenticated') throw new Error('Unauthorized');
  const { identity } = authenticated;
  return {
    principalId: identity.agentId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
    },
    context: {
      agentId: identity.agentId,
      workspaceId: identity.workspaceId,
      username: identity.username,
      sessionId: identity.sessionId,
    },
  };
}

export const handler = observed(handle, requestIdOf);

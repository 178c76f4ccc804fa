import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type AgentIdentity, verifyAgentToken } from '../auth/agent-token.ts';
import { unauthorized } from './http-error.ts';

export async function authenticate(event: APIGatewayProxyEventV2): Promise<AgentIdentity> {
  const header = event.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  if (!token) throw unauthorized();
  const identity = await verifyAgentToken(token);
  if (!identity) throw unauthorized('the token is invalid or expired');
  return identity;
}

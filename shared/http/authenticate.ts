import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type Authenticated, authenticateToken } from '../auth/sessions.ts';
import { unauthorized } from './http-error.ts';

/** The bearer token's agent as they are now, or 401 (no token, a bad one, or its session has ended). */
export async function authenticate(event: APIGatewayProxyEventV2): Promise<Authenticated> {
  const header = event.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  if (!token) throw unauthorized();
  const authenticated = await authenticateToken(token);
  if (!authenticated) throw unauthorized('the token is invalid or expired, or its session has ended');
  return authenticated;
}

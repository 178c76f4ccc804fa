import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type Authenticated, authenticateToken } from '../auth/sessions.ts';
import type { AccountPurpose } from '../domain/permissions.ts';
import { HttpError, unauthorized } from './http-error.ts';

/**
 * The bearer token's agent as they are now, or 401 (no token, a bad one, or its session has ended),
 * or 403 `password_change_required` while the agent must change the password someone else set and
 * calls for anything but that (`purpose`) or signing out.
 */
export async function authenticate(
  event: APIGatewayProxyEventV2,
  purpose: AccountPurpose = 'work',
): Promise<Authenticated> {
  const header = event.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  if (!token) throw unauthorized();
  const authenticated = await authenticateToken(token, purpose);
  if (authenticated.outcome === 'password_change_required') {
    throw new HttpError(
      403,
      'password_change_required',
      'choose a new password first (PUT /api/me/password): the current one was set by someone else',
    );
  }
  if (authenticated.outcome !== 'authenticated') {
    throw unauthorized('the token is invalid or expired, or its session has ended');
  }
  const { outcome: _authenticated, ...rest } = authenticated;
  return rest;
}

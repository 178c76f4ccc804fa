/**
 * Administration over HTTP: who asks is checked (`may`, from the permission policy) before anything
 * they sent is read, and refusals become HTTP errors: 403 not allowed, 404 unknown (or another
 * workspace's), 409 not in the present state, 400 invalid.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Administrator } from '../admin/audit-trail.ts';
import { NotAllowedError, RegistrationError } from '../admin/registration-error.ts';
import type { Actor } from '../domain/permissions.ts';
import { authenticate } from './authenticate.ts';
import { forbidden, HttpError, notFound } from './http-error.ts';
import { requestSource } from './request-context.ts';

export async function administer<T>(
  event: APIGatewayProxyEventV2,
  may: (actor: Actor) => boolean,
  refusal: string,
  work: (admin: Administrator) => Promise<T>,
): Promise<T> {
  const { actor, identity } = await authenticate(event);
  if (!may(actor)) throw forbidden(refusal);
  const admin: Administrator = {
    actor,
    who: { agentId: identity.agentId, username: identity.username },
    source: requestSource(event),
  };
  try {
    return await work(admin);
  } catch (error) {
    // A refusal with a name of its own carries it as the code, so the console can say it in words.
    if (error instanceof NotAllowedError) throw new HttpError(403, error.code ?? 'forbidden', error.message);
    if (error instanceof RegistrationError) {
      if (error.kind === 'missing') throw notFound(error.message);
      throw error.kind === 'conflict'
        ? new HttpError(409, error.code ?? 'conflict', error.message)
        : new HttpError(400, error.code ?? 'bad_request', error.message);
    }
    throw error;
  }
}

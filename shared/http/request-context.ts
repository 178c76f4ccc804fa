/** What a request says about where it came from and where it arrived: for the audit trail and URLs. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AuditSource } from '../domain/audit.ts';

/** The caller's address and browser, as API Gateway saw them (user agents are cut to a sane length). */
export function requestSource(event: APIGatewayProxyEventV2): AuditSource & { ip: string } {
  const userAgent = event.requestContext.http.userAgent ?? event.headers['user-agent'];
  return {
    ip: event.requestContext.http.sourceIp,
    ...(userAgent ? { userAgent: userAgent.slice(0, 256) } : {}),
  };
}

/**
 * The HTTP API's own base URL, from the host and stage the request arrived at: right locally
 * (`http://127.0.0.1:3000`) and on AWS (`https://<id>.execute-api.<region>.amazonaws.com`, with
 * `/<stage>` for a named stage; the `$default` stage has no path).
 */
export function apiBaseUrl(event: APIGatewayProxyEventV2): string {
  const protocol = event.headers['x-forwarded-proto'] === 'http' ? 'http' : 'https';
  const stage = event.requestContext.stage;
  return `${protocol}://${event.requestContext.domainName}${!stage || stage === '$default' ? '' : `/${stage}`}`;
}

/**
 * The console's address when a browser calls from it (its `Origin`), for links that lead back into
 * the console (invitations). Undefined for other callers.
 */
export function consoleOrigin(event: APIGatewayProxyEventV2): string | undefined {
  const origin = event.headers.origin;
  if (!origin) return undefined;
  try {
    const url = new URL(origin);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The WebSocket API's `@connections` management API (AWS.md §1.2), served beside the sockets so the
 * real `ApiGatewayManagementApiClient` works unchanged with `WS_CALLBACK_URL` as its endpoint:
 * `POST …/@connections/{id}` sends the body to the socket, `GET` describes the connection, `DELETE`
 * closes it. Any path prefix is accepted before `/@connections/`, as the stage is in AWS. A
 * connection that is not open answers 410 with `x-amzn-ErrorType: GoneException`, which the SDK
 * turns into a `GoneException`. Signatures are not checked.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeOnce, readBody, splitTarget } from './request-parts.ts';

/** The WebSocket message limit applies to `PostToConnection` data too (AWS.md §1.1). */
export const maxMessageBytes = 128 * 1024;

/** A connection as the management API sees it. */
export interface ManagedConnection {
  readonly connectedAt: number;
  readonly lastActiveAt: number;
  readonly sourceIp: string;
  readonly userAgent: string;
  isOpen(): boolean;
  send(data: Buffer): Promise<void>;
  /** A server-side disconnect. */
  close(code: number, reason: string): void;
}

interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

const marker = '/@connections/';

export function serveConnectionsApi(
  connections: ReadonlyMap<string, ManagedConnection>,
  log: (line: string) => void,
): (request: IncomingMessage, response: ServerResponse) => void {
  async function handle(request: IncomingMessage): Promise<Answer> {
    const { rawPath } = splitTarget(request.url ?? '/');
    const at = rawPath.lastIndexOf(marker);
    const encodedId = at < 0 ? '' : rawPath.slice(at + marker.length);
    const body = await readBody(request, maxMessageBytes);
    if (!encodedId || encodedId.includes('/')) return failure(403, 'ForbiddenException', 'Forbidden');
    const id = decodeOnce(encodedId);
    const connection = connections.get(id);
    if (!connection?.isOpen()) return failure(410, 'GoneException', `connection ${id} is gone`);

    switch (request.method) {
      case 'POST':
        if (body.kind === 'tooLarge') {
          return failure(413, 'PayloadTooLargeException', `data exceeds ${maxMessageBytes} bytes`);
        }
        await connection.send(body.bytes);
        return { status: 200 };
      case 'GET':
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          // The wire names of the SDK's GetConnectionResponse (ISO 8601 timestamps).
          body: JSON.stringify({
            connectedAt: new Date(connection.connectedAt).toISOString(),
            identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
            lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
          }),
        };
      case 'DELETE':
        connection.close(1000, '');
        return { status: 204 };
      default:
        return failure(403, 'ForbiddenException', `${request.method} is not a @connections operation`);
    }
  }

  return (request, response) => {
    handle(request).then(
      (answer) => response.writeHead(answer.status, answer.headers).end(answer.body),
      (error: unknown) => {
        log(`@connections ${request.method} failed: ${String(error)}`);
        const answer = failure(500, 'InternalServerErrorException', 'Internal server error');
        response.writeHead(answer.status, answer.headers).end(answer.body);
      },
    );
  };
}

function failure(status: number, errorType: string, message: string): Answer {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': errorType },
    body: JSON.stringify({ message }),
  };
}

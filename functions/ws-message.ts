/** Frames the console sends over its socket; the answer goes back on the same socket. */
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import type { ServerFrame } from '../shared/realtime/frames.ts';

function reply(frame: ServerFrame): APIGatewayProxyResultV2 {
  return { statusCode: 200, body: JSON.stringify(frame) };
}

function actionOf(body: string | undefined): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body ?? '');
    const action = (parsed as { action?: unknown } | null)?.action;
    return typeof action === 'string' ? action : undefined;
  } catch {
    return undefined;
  }
}

export async function handler(event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> {
  const action = actionOf(event.body);
  if (action === 'ping') return reply({ type: 'pong', at: Date.now() });
  return reply({
    type: 'error',
    code: 'unknown_action',
    message: action ? `unknown action ${action}` : 'a frame must be JSON with an "action"',
  });
}

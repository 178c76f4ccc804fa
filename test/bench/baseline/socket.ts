/** Baseline: every connection is accepted, and a frame is answered with the socket's own id. */
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

export async function handler(event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> {
  return { statusCode: 200, body: JSON.stringify(event.requestContext.connectionId) };
}

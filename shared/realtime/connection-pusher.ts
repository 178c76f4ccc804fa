import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { ServerFrame } from './frames.ts';

export type PushOutcome = 'delivered' | 'gone';

/** Sends frames to open sockets through API Gateway's `@connections` API. */
export interface ConnectionPusher {
  /** Resolves `gone` when the connection no longer exists; throws on failures worth retrying. */
  push(connectionId: string, frame: ServerFrame): Promise<PushOutcome>;
  disconnect(connectionId: string): Promise<void>;
}

function isGone(error: unknown): boolean {
  const candidate = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return candidate?.name === 'GoneException' || candidate?.$metadata?.httpStatusCode === 410;
}

export function createConnectionPusher(endpoint: string): ConnectionPusher {
  const client = new ApiGatewayManagementApiClient({ endpoint });
  return {
    async push(connectionId, frame) {
      try {
        await client.send(
          new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(frame) }),
        );
        return 'delivered';
      } catch (error) {
        if (isGone(error)) return 'gone';
        throw error;
      }
    },
    async disconnect(connectionId) {
      try {
        await client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
      } catch (error) {
        if (!isGone(error)) throw error;
      }
    },
  };
}

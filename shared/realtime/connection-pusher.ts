import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { functionEnv } from '../config/env-names.ts';
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

let configured: ConnectionPusher | undefined;

/** The pusher for this function's WebSocket API, from the endpoint the deployment gives it. */
export function connectionPusher(): ConnectionPusher {
  const endpoint = process.env[functionEnv.wsCallbackUrl];
  if (!endpoint) throw new Error(`${functionEnv.wsCallbackUrl} is not set`);
  configured ??= createConnectionPusher(endpoint);
  return configured;
}

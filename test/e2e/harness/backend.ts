import type { MessageContent } from '../../../shared/domain/message.ts';

/**
 * What the browser test needs from a backend. The real one (real-backend.ts) is the local runtime
 * with DynamoDB Local, fed through signed WeChat callbacks; the fake (fake-backend.ts) implements
 * the same HTTP and socket contract in memory, for developing the console before the runtime exists.
 */

export interface TestAgentCredentials {
  agentId: string;
  appId: string;
  username: string;
  password: string;
}

/** What a customer sends: any content WeChat can push (the real backend turns it into WeChat's fields). */
export type CustomerContent = MessageContent;

export interface E2eBackend {
  readonly kind: 'real' | 'fake';
  readonly httpUrl: string;
  readonly webSocketUrl: string;
  /** A new app and an agent serving it. */
  addAgent(): Promise<TestAgentCredentials>;
  /** A customer of `appId` sends a message; resolves once the backend has stored it. */
  customerSends(appId: string, openId: string, content: CustomerContent): Promise<void>;
  /** Closes the agent's sockets from the server side, as API Gateway does at its limits; how many. */
  dropSockets(agentId: string): Promise<number>;
  stop(): Promise<void>;
}

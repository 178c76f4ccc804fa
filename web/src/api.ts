import type { Agent } from '../../shared/domain/agent.ts';
import type { Conversation } from '../../shared/domain/conversation.ts';
import type { Message } from '../../shared/domain/message.ts';
import type { Queue } from '../../shared/domain/queue.ts';
import type { AdministeredApp, QueueView, TransferTargets } from '../../shared/domain/queue-view.ts';
import type { AgentLoad, AgentStatus } from '../../shared/domain/routing.ts';
import type { OutgoingContent } from './outgoing-content.ts';

/**
 * The console's HTTP client. Every failure becomes one of two typed errors, so screens can say what
 * went wrong without parsing anything: `ApiError` (the server answered, with its `{ error }` body)
 * or `NetworkError` (no usable answer: offline, DNS, CORS, timeout).
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }
}

export class NetworkError extends Error {
  constructor(
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** Thrown when the client was closed (sign-out) while a request was in flight; callers ignore it. */
export class AbortedError extends Error {
  constructor() {
    super('the request was cancelled');
    this.name = 'AbortedError';
  }
}

export interface LoginResult {
  token: string;
  /** Server clock, ms since epoch. */
  expiresAt: number;
  agent: Agent;
}

export interface MessagePage {
  messages: Message[];
  nextAfter?: string;
}

/** `POST /api/media`: our copy of an uploaded picture. */
export interface UploadedMedia {
  storageKey: string;
  contentType: string;
  size: number;
  /** A short-lived link to the copy, for previews. */
  url: string;
}

/** `POST /api/conversations/{id}/messages`: 201 with the conversation, 200 (a repeated id) without. */
export interface SendAnswer {
  message: Message;
  conversation?: Conversation;
}

export interface TypingAnswer {
  shown: boolean;
  reason?: string;
}

/** `GET /api/me`: who is signed in, and how routing sees them. */
export interface MeAnswer {
  agent: Agent;
  routing: AgentLoad;
}

export type {
  AdministeredApp,
  AdministeredQueue,
  AppAgent,
  MemberView,
  QueueView,
  TransferAgent,
  TransferTargets,
  WaitingView,
} from '../../shared/domain/queue-view.ts';

/**
 * `PUT /api/admin/queues/{appId}/{queueId}`: what changes (every field optional; the rest stays).
 * `businessHours: null` means always open.
 */
export interface QueueSettingsBody {
  name?: string;
  sessionFromRules?: Queue['sessionFromRules'];
  businessHours?: NonNullable<Queue['businessHours']> | null;
  autoReplies?: Queue['autoReplies'];
  inactivityMinutes?: number;
}

/** `PUT /api/admin/queues/{appId}/{queueId}/members`. */
export interface QueueMembersAnswer {
  memberIds: string[];
  /** Waiting customers the newcomers took at once. */
  assigned: number;
}

export type TransferDestination = { toAgentId: string } | { toQueueId: string };

/** Close, transfer, accept, reopen: the conversation as it is now, and the event written to its log. */
export interface LifecycleAnswer {
  conversation: Conversation;
  message: Message;
}

export interface ApiClientOptions {
  baseUrl: string;
  token?: string;
  /** Called once for any 401 on an authenticated call: the token expired or was revoked. */
  onUnauthorized?: (error: ApiError) => void;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const conversationPageSize = 50;
const messagePageSize = 100;
/** A thread longer than this many pages is cut short rather than freezing the tab. */
const maxMessagePages = 50;

export class ApiClient {
  private readonly lifetime = new AbortController();
  private readonly baseUrl: string;
  private token: string | undefined;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
  }

  /** A renewed token (see session-keeper.ts) is used from the next request on. */
  setToken(token: string): void {
    this.token = token;
  }

  /** Cancels everything in flight; the client is unusable afterwards. */
  close(): void {
    this.lifetime.abort();
  }

  login(username: string, password: string): Promise<LoginResult> {
    return this.request<LoginResult>('POST', '/api/auth/login', {
      body: { username, password },
      authenticated: false,
    });
  }

  /** A fresh one-hour token for the signed-in agent, from the current one. */
  refresh(): Promise<LoginResult> {
    return this.request<LoginResult>('POST', '/api/auth/refresh');
  }

  me(): Promise<MeAnswer> {
    return this.request<MeAnswer>('GET', '/api/me');
  }

  async setStatus(status: AgentStatus): Promise<AgentLoad> {
    return (await this.request<{ routing: AgentLoad }>('PUT', '/api/me/status', { body: { status } }))
      .routing;
  }

  async queues(): Promise<QueueView[]> {
    return (await this.request<{ queues: QueueView[] }>('GET', '/api/queues')).queues;
  }

  /** Admins only (403 otherwise): every app of the workspace, its queues and its agents. */
  async administeredApps(): Promise<AdministeredApp[]> {
    return (await this.request<{ apps: AdministeredApp[] }>('GET', '/api/admin/queues')).apps;
  }

  /** Creates the queue, or changes the settings the body names. */
  async saveQueueSettings(appId: string, queueId: string, settings: QueueSettingsBody): Promise<Queue> {
    return (await this.request<{ queue: Queue }>('PUT', adminQueuePath(appId, queueId), { body: settings }))
      .queue;
  }

  /** Makes the queue's members exactly these agents. */
  setQueueMembers(appId: string, queueId: string, agentIds: readonly string[]): Promise<QueueMembersAnswer> {
    return this.request<QueueMembersAnswer>('PUT', `${adminQueuePath(appId, queueId)}/members`, {
      body: { agentIds },
    });
  }

  transferTargets(conversationId: string): Promise<TransferTargets> {
    return this.request<TransferTargets>('GET', `${conversationPath(conversationId)}/transfer-targets`);
  }

  closeConversation(conversationId: string): Promise<LifecycleAnswer> {
    return this.request<LifecycleAnswer>('POST', `${conversationPath(conversationId)}/close`);
  }

  transferConversation(conversationId: string, destination: TransferDestination): Promise<LifecycleAnswer> {
    return this.request<LifecycleAnswer>('POST', `${conversationPath(conversationId)}/transfer`, {
      body: destination,
    });
  }

  /** Takes a waiting conversation from one of the agent's queues. */
  acceptConversation(conversationId: string): Promise<LifecycleAnswer> {
    return this.request<LifecycleAnswer>('POST', `${conversationPath(conversationId)}/accept`);
  }

  reopenConversation(conversationId: string): Promise<LifecycleAnswer> {
    return this.request<LifecycleAnswer>('POST', `${conversationPath(conversationId)}/reopen`);
  }

  async conversations(limit = conversationPageSize): Promise<Conversation[]> {
    const query = new URLSearchParams({ limit: String(limit) });
    return (await this.request<{ conversations: Conversation[] }>('GET', `/api/conversations?${query}`))
      .conversations;
  }

  messagePage(conversationId: string, after?: string, limit = messagePageSize): Promise<MessagePage> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (after) query.set('after', after);
    return this.request<MessagePage>('GET', `${conversationPath(conversationId)}/messages?${query}`);
  }

  /** Every message after `after` (all of them without it), following `nextAfter` page by page. */
  async messagesAfter(conversationId: string, after?: string): Promise<Message[]> {
    const messages: Message[] = [];
    let cursor = after;
    for (let page = 0; page < maxMessagePages; page++) {
      const result = await this.messagePage(conversationId, cursor);
      messages.push(...result.messages);
      if (!result.nextAfter || result.nextAfter === cursor) break;
      cursor = result.nextAfter;
    }
    return messages;
  }

  /**
   * Records an agent's message. The same `clientMessageId` is a retry of the same message: the server
   * answers with the first one instead of sending twice.
   */
  sendMessage(
    conversationId: string,
    clientMessageId: string,
    content: OutgoingContent,
  ): Promise<SendAnswer> {
    return this.request<SendAnswer>('POST', `${conversationPath(conversationId)}/messages`, {
      body: { clientMessageId, content },
    });
  }

  /** Uploads a picture's bytes as they are; the server checks what they really are. */
  uploadMedia(image: Blob, contentType: string): Promise<UploadedMedia> {
    return this.request<UploadedMedia>('POST', '/api/media', {
      raw: { body: image, contentType },
      // 4 MB over a slow office line takes longer than a JSON call.
      timeoutMs: 60_000,
    });
  }

  /** Shows the customer that the agent is typing, if WeChat still allows it. */
  typing(conversationId: string): Promise<TypingAnswer> {
    return this.request<TypingAnswer>('POST', `${conversationPath(conversationId)}/typing`);
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    {
      body,
      raw,
      authenticated = true,
      timeoutMs,
    }: {
      body?: unknown;
      raw?: { body: Blob; contentType: string };
      authenticated?: boolean;
      timeoutMs?: number;
    } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (raw) headers['content-type'] = raw.contentType;
    if (authenticated && this.token) headers.authorization = `Bearer ${this.token}`;
    // One signal for both reasons to give up: sign-out (the client's lifetime) and the timeout.
    const request = new AbortController();
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        request.abort();
      },
      timeoutMs ?? this.options.timeoutMs ?? 15_000,
    );
    const cancel = () => request.abort();
    this.lifetime.signal.addEventListener('abort', cancel);
    try {
      let response: Response;
      try {
        // Never answered from a cache: a stale conversation list would hide messages.
        const init = {
          method,
          headers,
          body: raw ? raw.body : body === undefined ? undefined : JSON.stringify(body),
          signal: request.signal,
          cache: 'no-store' as const,
        };
        response = await (this.options.fetch ?? fetch)(`${this.baseUrl}${path}`, init);
      } catch (error) {
        throw this.networkFailure(error, timedOut);
      }

      let payload: unknown;
      try {
        payload = await response.json();
      } catch (error) {
        if (request.signal.aborted) throw this.networkFailure(error, timedOut);
        payload = undefined;
      }
      if (response.ok && payload !== undefined) return payload as T;

      const apiError = toApiError(response.status, payload);
      if (apiError.unauthorized && authenticated) this.options.onUnauthorized?.(apiError);
      throw apiError;
    } finally {
      clearTimeout(timer);
      this.lifetime.signal.removeEventListener('abort', cancel);
    }
  }

  private networkFailure(error: unknown, timedOut: boolean): Error {
    if (this.lifetime.signal.aborted) return new AbortedError();
    if (timedOut) return new NetworkError('the server did not answer in time', true);
    return new NetworkError(error instanceof Error ? error.message : String(error));
  }
}

function conversationPath(conversationId: string): string {
  return `/api/conversations/${encodeURIComponent(conversationId)}`;
}

function adminQueuePath(appId: string, queueId: string): string {
  return `/api/admin/queues/${encodeURIComponent(appId)}/${encodeURIComponent(queueId)}`;
}

function toApiError(status: number, payload: unknown): ApiError {
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(status, error.code, error.message, error.details);
  }
  // A gateway or proxy error page, or a 2xx without JSON: still typed, with a generic message.
  return new ApiError(status, status >= 500 ? 'server_error' : 'unexpected_response', `HTTP ${status}`);
}

/** A sentence an agent can act on, for any error an API call can throw. */
export function describeError(error: unknown): string {
  if (error instanceof NetworkError) {
    return error.timedOut
      ? 'The server is taking too long to answer. Try again in a moment.'
      : 'Cannot reach the server. Check your connection and try again.';
  }
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Your session has ended. Sign in again.';
    if (error.status === 403) return 'You do not have access to this.';
    if (error.status === 404) return 'This no longer exists.';
    // API Gateway's own refusal of a body over its limit has no sentence of ours.
    if (error.status === 413 && error.code === 'unexpected_response')
      return 'The picture is too large; at most 4 MB are accepted.';
    if (error.status === 429) return 'Too many requests. Wait a moment and try again.';
    if (error.status >= 500) return `The server had a problem (HTTP ${error.status}). Try again in a moment.`;
    return error.message;
  }
  return 'Something went wrong. Try again.';
}

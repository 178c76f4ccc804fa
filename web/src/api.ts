import type {
  Abilities,
  AgentAnswer,
  AgentListing,
  AuditPage,
  CredentialsTest,
  ManagedApp,
} from '../../shared/domain/admin-view.ts';
import type { Agent, AgentRole } from '../../shared/domain/agent.ts';
import type { AppType, MessageFormat } from '../../shared/domain/app.ts';
import type { AuditKind } from '../../shared/domain/audit.ts';
import type { HistoryResults } from '../../shared/domain/closed-conversation.ts';
import type { Conversation } from '../../shared/domain/conversation.ts';
import type { CustomerName, CustomerProfile } from '../../shared/domain/customer-profile.ts';
import type { FloorView } from '../../shared/domain/floor.ts';
import type { FollowUpOutlook, FollowUpTemplate } from '../../shared/domain/follow-up.ts';
import type { MenuKeyRule } from '../../shared/domain/menu-keys.ts';
import type { Message } from '../../shared/domain/message.ts';
import type { PublishedArticlePage } from '../../shared/domain/published-article.ts';
import type { Queue } from '../../shared/domain/queue.ts';
import type { AdministeredApp, QueueView, TransferTargets } from '../../shared/domain/queue-view.ts';
import type { QuickReplyBook, QuickReplyListing, QuickReplyMenu } from '../../shared/domain/quick-reply.ts';
import type { ReadCursor } from '../../shared/domain/read-cursor.ts';
import type { Report, ReportRange } from '../../shared/domain/report-figures.ts';
import type { AgentLoad, AgentStatus } from '../../shared/domain/routing.ts';
import type { ServedApp } from '../../shared/domain/served-app.ts';
import { type MessageKey, t } from './i18n.ts';
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
  /** The password was set by someone else: nothing but changing it works until then. */
  mustChangePassword: boolean;
}

/** `GET /api/conversations?state=closed`: a page, and where the next one starts (absent on the last). */
export interface ConversationPage {
  conversations: Conversation[];
  nextBefore?: string;
  /** The remark names of the customers listed who have one. */
  customers?: CustomerName[];
}

/** `GET /api/conversations/{id}/customer`. */
export interface CustomerProfileView {
  profile: CustomerProfile;
  suggestedTags: string[];
}

/** What an agent changes of a profile; `null` removes. */
export interface CustomerProfileChange {
  remarkName?: string | null;
  tags?: string[];
  note?: string | null;
}

export interface MessagePage {
  messages: Message[];
  nextAfter?: string;
}

/** `POST /api/media`: our copy of an uploaded picture, voice or video. */
export interface UploadedMedia {
  storageKey: string;
  contentType: string;
  size: number;
  /** A short-lived link to the copy, for previews. */
  url: string;
  /** A voice's length, read by the server from its frames. */
  durationMs?: number;
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

/** `GET /api/floor`: the supervisors' live view of the workspace. */
export interface FloorAnswer {
  floor: FloorView;
  customers?: CustomerName[];
}

export type {
  FloorAgent,
  FloorConversation,
  FloorQueue,
  FloorView,
} from '../../shared/domain/floor.ts';

/** `GET /api/me`: who is signed in, how routing sees them, and what they may administer. */
export interface MeAnswer {
  agent: Agent;
  routing: AgentLoad;
  may: Abilities;
  apps: ServedApp[];
}

export type {
  Abilities,
  AgentAnswer,
  AgentListing,
  AuditPage,
  CredentialsTest,
  ManagedApp,
} from '../../shared/domain/admin-view.ts';
export type { AuditEvent, AuditKind } from '../../shared/domain/audit.ts';
export type { PublishedArticle, PublishedArticlePage } from '../../shared/domain/published-article.ts';

export type {
  Figures as ReportFigures,
  Percentiles,
  Report,
  Score as SatisfactionScore,
} from '../../shared/domain/report-figures.ts';

/** `GET /api/reports`: a range of days in a time zone, narrowed to a queue (with its app) or an agent. */
export interface ReportQuery extends ReportRange {
  appId?: string;
  queueId?: string;
  agentId?: string;
}

/** `POST /api/admin/agents`: without `initialPassword`, the answer carries an invitation link. */
export interface AgentCreationBody {
  username: string;
  displayName?: string;
  role: AgentRole;
  capacity?: number;
  appIds: string[];
  /** Exactly these queues. */
  queues: { appId: string; queueId: string }[];
  initialPassword?: string;
}

/** `PATCH /api/admin/agents/{agentId}`: what is given changes. */
export interface AgentChangeBody {
  displayName?: string;
  role?: AgentRole;
  capacity?: number;
  appIds?: string[];
  queues?: { appId: string; queueId: string }[];
}

/** `POST /api/admin/apps`: the secrets are sent once and never come back. */
export interface AppCreationBody {
  appId: string;
  name?: string;
  type: AppType;
  format: MessageFormat;
  token: string;
  encodingAesKey?: string;
  secret: string;
  /** Official Accounts: the Mini Programs linked to it in WeChat. */
  linkedMiniPrograms?: string[];
}

/** `PATCH /api/admin/apps/{appId}`: what is given changes; a secret left out stays as it is. */
export interface AppChangeBody {
  name?: string;
  type?: AppType;
  format?: MessageFormat;
  token?: string;
  encodingAesKey?: string;
  secret?: string;
  /** The whole list; an empty one removes them all. */
  linkedMiniPrograms?: string[];
  /** Official Accounts: what its menu buttons mean; the whole list. */
  menuKeys?: MenuKeyRule[];
  /** Official Accounts: transcribe customers' voices that come without WeChat's transcript. */
  machineTranscripts?: boolean;
  /** The subscribe message answers go out as after the 48-hour window; null removes it. */
  followUp?: FollowUpTemplate | null;
}

/** `GET /api/admin/audit`: every filter optional; times in ms since the epoch. */
export interface AuditQuery {
  kind?: AuditKind;
  agentId?: string;
  from?: number;
  to?: number;
  cursor?: string;
}

/** `DELETE /api/admin/queues/{appId}/{queueId}`. */
/** `GET /api/history`: every filter optional; times in ms since the epoch. */
export interface HistoryQuery {
  q?: string;
  from?: number;
  to?: number;
  appId?: string;
  queueId?: string;
  agentId?: string;
  tag?: string;
  cursor?: string;
  limit?: number;
}

export interface QueueDeletion {
  deleted: string;
  /** Waiting customers moved to the default queue. */
  moved: number;
  membersRemoved: number;
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
  qrSceneRules?: Queue['sessionFromRules'];
  businessHours?: NonNullable<Queue['businessHours']> | null;
  autoReplies?: Queue['autoReplies'];
  inactivityMinutes?: number;
  /** The whole set: `{}` removes the queue's targets. */
  responseTargets?: NonNullable<Queue['responseTargets']>;
}

/** `PUT /api/admin/queues/{appId}/{queueId}/members`. */
export interface QueueMembersAnswer {
  memberIds: string[];
  /** Waiting customers the newcomers took at once. */
  assigned: number;
}

export type TransferDestination = { toAgentId: string } | { toQueueId: string };

export type {
  QuickReplyBook,
  QuickReplyListing,
  QuickReplyMenu,
} from '../../shared/domain/quick-reply.ts';

/**
 * `PUT /api/quick-replies/{id}`: the title (none when left out), the text and, for a saved menu, its
 * options and closing line (the text is its question).
 */
export interface QuickReplyBody {
  title?: string;
  text: string;
  menu?: QuickReplyMenu;
}

/** `POST /api/quick-replies`: into which set; a personal reply is always the agent's own. */
export interface QuickReplyCreationBody extends QuickReplyBody {
  scope: { kind: 'workspace' } | { kind: 'queue'; appId: string; queueId: string } | { kind: 'personal' };
}

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

/** Closed conversations are read this many at a time ("More closed conversations"). */
export const closedPageSize = 20;

/** Earlier conversations of a customer, as many at a time as the profile panel lists. */
export const customerHistoryPageSize = 10;
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

  /** The queues the agent works in, and the remark names of the customers waiting in them. */
  queues(): Promise<{ queues: QueueView[]; customers?: CustomerName[] }> {
    return this.request<{ queues: QueueView[]; customers?: CustomerName[] }>('GET', '/api/queues');
  }

  /** Admins and owners only (403 otherwise): the workspace's floor, with the remark names of its customers. */
  floor(): Promise<FloorAnswer> {
    return this.request<FloorAnswer>('GET', '/api/floor');
  }

  /** Admins only (403 otherwise): every app of the workspace, its queues and its agents. */
  async administeredApps(): Promise<AdministeredApp[]> {
    return (await this.request<{ apps: AdministeredApp[] }>('GET', '/api/admin/queues')).apps;
  }

  /** Owners and admins only (403 otherwise): the figures of the conversations closed within the range. */
  report(query: ReportQuery): Promise<Report> {
    const parameters = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value) parameters.set(name, value);
    }
    return this.request<Report>('GET', `/api/reports?${parameters}`);
  }

  /** Creates the queue, or changes the settings the body names. */
  async saveQueueSettings(appId: string, queueId: string, settings: QueueSettingsBody): Promise<Queue> {
    return (await this.request<{ queue: Queue }>('PUT', adminQueuePath(appId, queueId), { body: settings }))
      .queue;
  }

  /** Deletes a queue (never `default`): its waiting customers move to the default queue. */
  deleteQueue(appId: string, queueId: string): Promise<QueueDeletion> {
    return this.request<QueueDeletion>('DELETE', adminQueuePath(appId, queueId));
  }

  /** Admins only: every agent of the workspace. */
  async agents(): Promise<AgentListing[]> {
    return (await this.request<{ agents: AgentListing[] }>('GET', '/api/admin/agents')).agents;
  }

  addAgent(body: AgentCreationBody): Promise<AgentAnswer> {
    return this.request<AgentAnswer>('POST', '/api/admin/agents', { body });
  }

  changeAgent(agentId: string, body: AgentChangeBody): Promise<AgentAnswer> {
    return this.request<AgentAnswer>('PATCH', adminAgentPath(agentId), { body });
  }

  /** A new invitation link, or (given one) a new initial password; the agent's sessions end. */
  resetAgentPassword(agentId: string, initialPassword?: string): Promise<AgentAnswer> {
    return this.request<AgentAnswer>('POST', `${adminAgentPath(agentId)}/password-reset`, {
      body: initialPassword === undefined ? {} : { initialPassword },
    });
  }

  /** Ends the agent's sessions at once; their active conversations go back to their queues. */
  disableAgent(agentId: string): Promise<AgentAnswer & { handedBack: number }> {
    return this.request<AgentAnswer & { handedBack: number }>('POST', `${adminAgentPath(agentId)}/disable`);
  }

  enableAgent(agentId: string): Promise<AgentAnswer> {
    return this.request<AgentAnswer>('POST', `${adminAgentPath(agentId)}/enable`);
  }

  /** Owners only: the workspace's WeChat apps, each with its callback URL and no secret. */
  async apps(): Promise<ManagedApp[]> {
    return (await this.request<{ apps: ManagedApp[] }>('GET', '/api/admin/apps')).apps;
  }

  async addApp(body: AppCreationBody): Promise<ManagedApp> {
    return (await this.request<{ app: ManagedApp }>('POST', '/api/admin/apps', { body })).app;
  }

  async changeApp(appId: string, body: AppChangeBody): Promise<ManagedApp> {
    return (await this.request<{ app: ManagedApp }>('PATCH', adminAppPath(appId), { body })).app;
  }

  async setAppEnabled(appId: string, enabled: boolean): Promise<ManagedApp> {
    const action = enabled ? 'enable' : 'disable';
    return (await this.request<{ app: ManagedApp }>('POST', `${adminAppPath(appId)}/${action}`)).app;
  }

  /** Refused (409) while the app has open conversations. */
  async removeApp(appId: string): Promise<void> {
    await this.request<{ removed: string }>('DELETE', adminAppPath(appId));
  }

  /** Asks WeChat for a fresh access token with the stored AppID and AppSecret. */
  testAppCredentials(appId: string): Promise<CredentialsTest> {
    return this.request<CredentialsTest>('POST', `${adminAppPath(appId)}/test-credentials`);
  }

  /** Owners only: a page of the workspace's audit trail, newest first. */
  auditTrail(query: AuditQuery): Promise<AuditPage> {
    const parameters = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) parameters.set(name, String(value));
    }
    return this.request<AuditPage>('GET', `/api/admin/audit?${parameters}`);
  }

  /** Makes the queue's members exactly these agents. */
  setQueueMembers(appId: string, queueId: string, agentIds: readonly string[]): Promise<QueueMembersAnswer> {
    return this.request<QueueMembersAnswer>('PUT', `${adminQueuePath(appId, queueId)}/members`, {
      body: { agentIds },
    });
  }

  /** A page of the Official Account's published articles, to send one. */
  publishedArticles(appId: string, offset: number): Promise<PublishedArticlePage> {
    return this.request<PublishedArticlePage>(
      'GET',
      `/api/apps/${encodeURIComponent(appId)}/articles?offset=${offset}&count=10`,
    );
  }

  /** Whether an answer written now would reach the customer as a subscribe message (follow-up.ts). */
  followUpOutlook(conversationId: string): Promise<FollowUpOutlook> {
    return this.request<FollowUpOutlook>('GET', `${conversationPath(conversationId)}/follow-up`);
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

  /** Every open conversation of the agent (at most their capacity), most recent first. */
  activeConversations(): Promise<ConversationPage> {
    return this.request<ConversationPage>('GET', '/api/conversations?state=active');
  }

  /** The agent's closed conversations, newest first: the first page, or the one after `before`. */
  closedConversations(before?: string, limit = closedPageSize): Promise<ConversationPage> {
    const query = new URLSearchParams({ state: 'closed', limit: String(limit) });
    if (before) query.set('before', before);
    return this.request<ConversationPage>('GET', `/api/conversations?${query}`);
  }

  /**
   * Ends this sign-in at once (its sockets too). When it was the agent's last one, they become `status`:
   * `away` keeps their conversations waiting for them, `offline` is leaving.
   */
  async logout(status: 'away' | 'offline'): Promise<void> {
    await this.request<{ signedOut: boolean }>('POST', '/api/auth/logout', { body: { status } });
  }

  /** The invited person chooses their password and is signed in; 404 for a used or expired link. */
  acceptInvitation(token: string, password: string): Promise<LoginResult> {
    return this.request<LoginResult>('POST', `/api/auth/invitations/${encodeURIComponent(token)}`, {
      body: { password },
      authenticated: false,
    });
  }

  /** A new password ends every session of the agent; the answer is a fresh one for this console. */
  changePassword(
    currentPassword: string,
    newPassword: string,
  ): Promise<{ token: string; expiresAt: number }> {
    return this.request<{ token: string; expiresAt: number }>('PUT', '/api/me/password', {
      body: { currentPassword, newPassword },
    });
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

  /** Uploads a picture's (or voice's, video's) bytes as they are; the server checks what they really are. */
  uploadMedia(
    media: Blob,
    contentType: string,
    kind: 'image' | 'voice' | 'video' = 'image',
  ): Promise<UploadedMedia> {
    const path = kind === 'image' ? '/api/media' : `/api/media?kind=${kind}`;
    return this.request<UploadedMedia>('POST', path, {
      raw: { body: media, contentType },
      // 4 MB over a slow office line takes longer than a JSON call.
      timeoutMs: 60_000,
    });
  }

  /**
   * A video of up to WeChat's 10 MB, more than a request body to the API may carry: the server
   * issues a link signed for its size, and the file goes straight into the media bucket.
   */
  async uploadVideo(video: Blob): Promise<UploadedMedia> {
    const link = await this.request<UploadedMedia & { uploadUrl: string }>(
      'POST',
      '/api/media/upload-links',
      {
        body: { kind: 'video', bytes: video.size },
      },
    );
    // 10 MB over a slow office line.
    await this.abortable(180_000, async (signal, timedOut) => {
      let response: Response;
      try {
        response = await (this.options.fetch ?? fetch)(link.uploadUrl, {
          method: 'PUT',
          headers: { 'content-type': link.contentType },
          body: video,
          signal,
        });
      } catch (error) {
        throw this.networkFailure(error, timedOut());
      }
      if (!response.ok) throw new NetworkError(`the media store answered ${response.status}`);
    });
    return { storageKey: link.storageKey, contentType: link.contentType, size: link.size, url: link.url };
  }

  /**
   * The agent has had the thread on screen up to `through`; the server tells the agent's other
   * consoles. Undefined when the server's cursor was already that far.
   */
  async markRead(conversationId: string, through: string): Promise<ReadCursor | undefined> {
    return (
      await this.request<{ cursor?: ReadCursor }>('PUT', `${conversationPath(conversationId)}/read`, {
        body: { through },
      })
    ).cursor;
  }

  /** "Mark as unread", in every console of the agent. */
  async markUnread(conversationId: string): Promise<ReadCursor | undefined> {
    return (await this.request<{ cursor?: ReadCursor }>('DELETE', `${conversationPath(conversationId)}/read`))
      .cursor;
  }

  /** The profile of the conversation's customer, and the workspace's tags to suggest. */
  customerProfile(conversationId: string): Promise<CustomerProfileView> {
    return this.request<CustomerProfileView>('GET', `${conversationPath(conversationId)}/customer`);
  }

  async changeCustomerProfile(
    conversationId: string,
    change: CustomerProfileChange,
  ): Promise<CustomerProfile> {
    return (
      await this.request<{ profile: CustomerProfile }>(
        'PATCH',
        `${conversationPath(conversationId)}/customer`,
        {
          body: change,
        },
      )
    ).profile;
  }

  /** The customer's conversations with the app that the agent may read, newest first, a page at a time. */
  customerConversations(conversationId: string, before?: string): Promise<ConversationPage> {
    const query = new URLSearchParams({ limit: String(customerHistoryPageSize) });
    if (before) query.set('before', before);
    return this.request<ConversationPage>(
      'GET',
      `${conversationPath(conversationId)}/customer/conversations?${query}`,
    );
  }

  /** The workspace's closed conversations the agent may read, newest first, filtered and searched. */
  searchHistory(query: HistoryQuery): Promise<HistoryResults> {
    const parameters = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') parameters.set(name, String(value));
    }
    return this.request<HistoryResults>('GET', `/api/history?${parameters}`);
  }

  /** A note for colleagues on the conversation; a retry with the same id writes nothing new. */
  async writeNote(conversationId: string, clientMessageId: string, text: string): Promise<Message> {
    return (
      await this.request<{ message: Message }>('POST', `${conversationPath(conversationId)}/notes`, {
        body: { clientMessageId, text },
      })
    ).message;
  }

  /** How far the agent has read their newest conversations. */
  async readCursors(): Promise<ReadCursor[]> {
    return (await this.request<{ cursors: ReadCursor[] }>('GET', '/api/read-cursors')).cursors;
  }

  /** Shows the customer that the agent is typing, if WeChat still allows it. */
  typing(conversationId: string): Promise<TypingAnswer> {
    return this.request<TypingAnswer>('POST', `${conversationPath(conversationId)}/typing`);
  }

  /** Every quick reply the agent may use, and whether they may add to the shared sets. */
  quickReplies(): Promise<QuickReplyBook> {
    return this.request<QuickReplyBook>('GET', '/api/quick-replies');
  }

  async addQuickReply(body: QuickReplyCreationBody): Promise<QuickReplyListing> {
    return (await this.request<{ quickReply: QuickReplyListing }>('POST', '/api/quick-replies', { body }))
      .quickReply;
  }

  async changeQuickReply(quickReplyId: string, body: QuickReplyBody): Promise<QuickReplyListing> {
    return (
      await this.request<{ quickReply: QuickReplyListing }>('PUT', quickReplyPath(quickReplyId), { body })
    ).quickReply;
  }

  async deleteQuickReply(quickReplyId: string): Promise<void> {
    await this.request<{ deleted: string }>('DELETE', quickReplyPath(quickReplyId));
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
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
    const usedToken = this.token;
    if (authenticated && usedToken) headers.authorization = `Bearer ${usedToken}`;
    return this.abortable(timeoutMs ?? this.options.timeoutMs ?? 15_000, async (signal, timedOut) => {
      let response: Response;
      try {
        // Never answered from a cache: a stale conversation list would hide messages.
        const init = {
          method,
          headers,
          body: raw ? raw.body : body === undefined ? undefined : JSON.stringify(body),
          signal,
          cache: 'no-store' as const,
        };
        response = await (this.options.fetch ?? fetch)(`${this.baseUrl}${path}`, init);
      } catch (error) {
        throw this.networkFailure(error, timedOut());
      }

      let payload: unknown;
      try {
        payload = await response.json();
      } catch (error) {
        if (signal.aborted) throw this.networkFailure(error, timedOut());
        payload = undefined;
      }
      if (response.ok && payload !== undefined) return payload as T;

      const apiError = toApiError(response.status, payload);
      // A 401 for a token replaced meanwhile (a renewal, a new password) says nothing about the session.
      if (apiError.unauthorized && authenticated && usedToken === this.token) {
        this.options.onUnauthorized?.(apiError);
      }
      throw apiError;
    });
  }

  /** One signal for both reasons to give up: sign-out (the client's lifetime) and the timeout. */
  private async abortable<T>(
    timeoutMs: number,
    run: (signal: AbortSignal, timedOut: () => boolean) => Promise<T>,
  ): Promise<T> {
    const request = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      request.abort();
    }, timeoutMs);
    const cancel = () => request.abort();
    this.lifetime.signal.addEventListener('abort', cancel);
    try {
      return await run(request.signal, () => timedOut);
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

function adminAgentPath(agentId: string): string {
  return `/api/admin/agents/${encodeURIComponent(agentId)}`;
}

function adminAppPath(appId: string): string {
  return `/api/admin/apps/${encodeURIComponent(appId)}`;
}

function adminQueuePath(appId: string, queueId: string): string {
  return `/api/admin/queues/${encodeURIComponent(appId)}/${encodeURIComponent(queueId)}`;
}

function quickReplyPath(quickReplyId: string): string {
  return `/api/quick-replies/${encodeURIComponent(quickReplyId)}`;
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

/** Refusals the server names by `code` (HTTP errors, `send.refused` and `action.result` frames). */
const codeSentences: Readonly<Record<string, MessageKey>> = {
  not_assigned: 'error.code.not_assigned',
  unavailable: 'error.code.unavailable',
  conflict: 'error.code.conflict',
  no_window: 'error.code.no_window',
  window_closed: 'error.code.window_closed',
  quota_used_up: 'error.code.quota_used_up',
  no_subscription: 'error.code.no_subscription',
  miniprogram_appid_required: 'error.code.miniprogram_appid_required',
  miniprogram_not_linked: 'error.code.miniprogram_not_linked',
  article_official_account_only: 'error.code.article_official_account_only',
  link_card_incomplete: 'error.code.link_card_incomplete',
  menu_official_account_only: 'error.code.menu_official_account_only',
  voice_video_official_account_only: 'error.code.voice_video_official_account_only',
  session_ended: 'error.code.session_ended',
  not_found: 'error.notFound',
  forbidden: 'error.forbidden',
  owner_only: 'error.code.owner_only',
  cannot_disable_self: 'error.code.cannot_disable_self',
  last_owner: 'error.code.last_owner',
  username_taken: 'error.code.username_taken',
  agent_needs_app: 'error.code.agent_needs_app',
  app_id_taken: 'error.code.app_id_taken',
  app_has_open_conversations: 'error.code.app_has_open_conversations',
  quick_replies_full: 'error.code.quick_replies_full',
  unauthorized: 'error.unauthorized',
  too_large: 'error.tooLarge',
};

/**
 * The server's refusals of conversation actions whose code alone says too little (`conflict` is
 * "someone took them", "a newer conversation" or "already theirs"): its fixed sentences, each said in
 * the agent's language (shared/conversations/*). Sentences naming someone fall back to the code.
 */
const knownSentences: Readonly<Record<string, MessageKey>> = {
  'This customer is no longer waiting; someone has taken them.': 'refusal.taken',
  'The customer has written since, in a newer conversation.': 'refusal.newerConversation',
  'The conversation is already assigned to that agent.': 'refusal.alreadyAssigned',
  'Only an open conversation assigned to you can be transferred.': 'refusal.transferOnlyOpen',
  'Only a closed conversation you served can be reopened.': 'refusal.reopenOnlyClosed',
  'You do not serve the queue this customer waits in.': 'refusal.notYourQueue',
  'That agent does not serve this app.': 'refusal.agentNotOfApp',
  'The last message WeChat allows is kept for an agent.': 'refusal.lastKeptForAgent',
};

/** A refusal in the agent's language by its code; the server's own sentence for a code it does not know. */
export function describeRefusal(code: string, serverSentence: string): string {
  const exact = knownSentences[serverSentence];
  if (exact) return t(exact);
  const key = codeSentences[code];
  return key ? t(key) : serverSentence;
}

/**
 * The field a validation error is about: the first issue's path of a 400's details, or the parameter a
 * path check names ("conversationId: …"). Never the validator's own wording.
 */
function invalidField(error: ApiError): string | undefined {
  if (Array.isArray(error.details)) {
    for (const issue of error.details as unknown[]) {
      const path = (issue as { path?: unknown } | null)?.path;
      if (typeof path === 'string' && path !== '') return path;
    }
    return undefined;
  }
  return /^([A-Za-z][\w.]*): /.exec(error.message)?.[1];
}

/** Whether a 400 is a validator's refusal (details, or a path check), rather than one of our sentences. */
export function isValidationError(error: ApiError): boolean {
  return error.status === 400 && (Array.isArray(error.details) || invalidField(error) !== undefined);
}

/** A sentence an agent can act on, in their language, for any error an API call can throw. */
export function describeError(error: unknown): string {
  if (error instanceof NetworkError) return error.timedOut ? t('error.timeout') : t('error.network');
  if (error instanceof ApiError) {
    if (error.status === 401) return t('error.unauthorized');
    if (isValidationError(error)) {
      const field = invalidField(error);
      return field ? t('error.invalidField', { field }) : t('error.invalid');
    }
    // API Gateway's own refusal of a body over its limit has no sentence of ours.
    if (error.status === 413) return t('error.tooLarge');
    if (error.status === 429) return t('error.tooManyRequests');
    if (error.status >= 500) return t('error.server', { status: error.status });
    if (codeSentences[error.code]) return describeRefusal(error.code, error.message);
    if (error.status === 403) return t('error.forbidden');
    if (error.status === 404) return t('error.notFound');
    return error.message;
  }
  return t('error.unknown');
}

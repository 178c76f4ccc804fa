import { vi } from 'vitest';
import type { Conversation } from '../../../../shared/domain/conversation.ts';
import type { Message } from '../../../../shared/domain/message.ts';
import type { ReadCursor } from '../../../../shared/domain/read-cursor.ts';
import type { AgentLoad, AgentStatus } from '../../../../shared/domain/routing.ts';
import type { ServerFrame } from '../../../../shared/realtime/frames.ts';
import type { Alert } from '../../../../web/src/alerts.ts';
import {
  type ApiClient,
  ApiError,
  type FloorAnswer,
  type LifecycleAnswer,
  type QueueView,
  type TransferDestination,
  type TransferTargets,
} from '../../../../web/src/api.ts';
import { ConsoleController } from '../../../../web/src/console/console-controller.ts';
import type { OutgoingContent } from '../../../../web/src/outgoing-content.ts';
import type { SocketHandlers } from '../../../../web/src/socket.ts';
import { me, message } from '../fixtures.ts';
import { queueView } from '../queue-fixtures.ts';

/**
 * The console's unit tests share one backend in memory (what the HTTP API would answer) and one way to
 * build a console signed in as `me` against it, with the sockets it opens in the test's hands.
 */

export const agentLoad = (overrides: Partial<AgentLoad> = {}): AgentLoad => ({
  agentId: 'me',
  status: 'online',
  presentUntil: Date.now() + 600_000,
  capacity: 2,
  activeCount: 0,
  lastAssignedAt: 0,
  ...overrides,
});

/** A customer's message in `conversationId`. */
export const say = (order: number, conversationId = 'c1') => message(order, { conversationId });

/** An internal event message, as the backend writes one for every lifecycle change. */
export const lifecycleEvent = (
  order: number,
  conversationId: string,
  event: string,
  detail: Record<string, string>,
): Message =>
  message(order, {
    conversationId,
    direction: 'internal',
    author: 'agent',
    authorId: 'me',
    content: { type: 'event', event, detail },
  });

/** A request the test holds back until it calls `release`, to race answers against each other. */
export interface Gate {
  hold?: Promise<void>;
}

export function closeGate(gate: Gate): () => void {
  let release = () => {};
  gate.hold = new Promise((resolve) => {
    release = resolve;
  });
  return release;
}

function fakeBackend() {
  const conversations: Conversation[] = [];
  const messages: Message[] = [];
  const queues: QueueView[] = [];
  /** Every read and write, in order, in a short form tests can compare. */
  const calls: string[] = [];
  let routing = agentLoad();
  /** Set by a test to make the next lifecycle call fail or answer. */
  const lifecycle: { answer?: LifecycleAnswer; refusal?: ApiError; calls: string[] } = { calls: [] };
  const act = async (call: string): Promise<LifecycleAnswer> => {
    lifecycle.calls.push(call);
    if (lifecycle.refusal) throw lifecycle.refusal;
    if (!lifecycle.answer) throw new Error(`no answer set for ${call}`);
    return lifecycle.answer;
  };
  const listGate: Gate = {};
  const meGate: Gate = {};
  const sendGate: Gate = {};
  /** What the next sends meet, first one first; once empty, sends succeed. */
  const sendFailures: Error[] = [];
  const sent: { conversationId: string; clientMessageId: string; content: OutgoingContent }[] = [];
  /** The order of the next message the server makes for a send. */
  let nextSentOrder = 50;
  const typing: { refusal?: Error } = {};
  const upload: { failure?: Error } = {};
  const targets: TransferTargets = { agents: [], queues: [] };
  /** What GET /api/floor answers; a test fills it in. */
  const floor: FloorAnswer = {
    floor: { takenAt: 0, apps: [], conversations: [], queues: [], agents: [], truncated: false },
    customers: [],
  };
  /** The read state the server keeps, and the marks this console sent it. */
  const readState: { cursors: ReadCursor[]; marks: string[] } = { cursors: [], marks: [] };
  const keepCursor = (cursor: ReadCursor) => {
    readState.cursors = [
      ...readState.cursors.filter((item) => item.conversationId !== cursor.conversationId),
      cursor,
    ];
    return structuredClone(cursor);
  };

  /** What sign-out and a new password did. */
  const session: { logouts: string[]; passwordChanges: number; passwordRefusal?: ApiError } = {
    logouts: [],
    passwordChanges: 0,
  };
  const byRecency = (left: Conversation, right: Conversation) =>
    left.lastMessageId < right.lastMessageId ? 1 : -1;

  const api = {
    // As GET /api/conversations?state=active: every open conversation of the agent.
    activeConversations: async () => {
      calls.push('list');
      const answer = conversations.filter((item) => item.state !== 'closed').sort(byRecency);
      await listGate.hold;
      return { conversations: answer };
    },
    // As ?state=closed&before=&limit=: closed ones newest first, a page at a time.
    closedConversations: async (before?: string, limit = 20) => {
      calls.push(`closed after ${before?.slice(-2) ?? '-'}`);
      const older = conversations
        .filter((item) => item.state === 'closed' && (!before || item.lastMessageId < before))
        .sort(byRecency);
      const page = older.slice(0, limit);
      await listGate.hold;
      return older.length > limit
        ? { conversations: page, nextBefore: page.at(-1)?.lastMessageId }
        : { conversations: page };
    },
    logout: async (status: string) => {
      calls.push(`logout ${status}`);
      session.logouts.push(status);
    },
    changePassword: async () => {
      calls.push('password');
      if (session.passwordRefusal) throw session.passwordRefusal;
      session.passwordChanges++;
      return { token: `t${session.passwordChanges + 1}`, expiresAt: Date.now() + 3_600_000 };
    },
    messagesAfter: async (conversationId: string, after?: string) => {
      calls.push(`messages ${conversationId} after ${after?.slice(-2) ?? '-'}`);
      return messages.filter(
        (item) => item.conversationId === conversationId && (!after || item.messageId > after),
      );
    },
    me: async () => {
      calls.push('me');
      const answer = { agent: me, routing };
      await meGate.hold;
      return answer;
    },
    setStatus: async (status: AgentStatus) => {
      calls.push(`status ${status}`);
      if (status === 'offline') throw new ApiError(409, 'status_refused', 'You cannot go offline now.');
      routing = { ...routing, status };
      return routing;
    },
    queues: async () => {
      calls.push('queues');
      return { queues: structuredClone(queues) };
    },
    // As GET /api/floor: the workspace's floor, with the remark names of its customers.
    floor: async () => {
      calls.push('floor');
      return structuredClone(floor);
    },
    transferTargets: async (conversationId: string) => {
      calls.push(`targets ${conversationId}`);
      return structuredClone(targets);
    },
    closeConversation: (conversationId: string) => act(`close ${conversationId}`),
    transferConversation: (conversationId: string, destination: TransferDestination) =>
      act(`transfer ${conversationId} ${JSON.stringify(destination)}`),
    acceptConversation: (conversationId: string) => act(`accept ${conversationId}`),
    reopenConversation: (conversationId: string) => act(`reopen ${conversationId}`),
    sendMessage: async (conversationId: string, clientMessageId: string, content: OutgoingContent) => {
      calls.push(`send ${clientMessageId}`);
      sent.push({ conversationId, clientMessageId, content });
      const failure = sendFailures.shift();
      await sendGate.hold;
      if (failure) throw failure;
      return {
        message: message(nextSentOrder++, {
          conversationId,
          direction: 'outbound',
          author: 'agent',
          authorId: 'me',
          clientMessageId,
        }),
      };
    },
    typing: async (conversationId: string) => {
      calls.push(`typing ${conversationId}`);
      if (typing.refusal) throw typing.refusal;
      return { shown: true };
    },
    customerProfile: async (conversationId: string) => {
      calls.push(`profile ${conversationId}`);
      const listed = conversations.find((item) => item.conversationId === conversationId);
      return { profile: { appId: listed?.appId, openId: listed?.openId, tags: [] }, suggestedTags: [] };
    },
    readCursors: async () => {
      calls.push('read cursors');
      return structuredClone(readState.cursors);
    },
    // As the server: a read never moves the cursor back; a mark as unread keeps where it was.
    markRead: async (conversationId: string, through: string) => {
      readState.marks.push(`read ${conversationId} ${through.slice(-2)}`);
      const held = readState.cursors.find((item) => item.conversationId === conversationId);
      const readThrough = held?.readThrough && held.readThrough > through ? held.readThrough : through;
      return keepCursor({ conversationId, readThrough, markedUnread: false, updatedAt: Date.now() });
    },
    markUnread: async (conversationId: string) => {
      readState.marks.push(`unread ${conversationId}`);
      const held = readState.cursors.find((item) => item.conversationId === conversationId);
      return keepCursor({ ...held, conversationId, markedUnread: true, updatedAt: Date.now() });
    },
    uploadMedia: async (file: Blob, contentType: string) => {
      calls.push(`upload ${contentType} ${file.size}`);
      if (upload.failure) throw upload.failure;
      return { storageKey: 'media/1', contentType, size: file.size, url: 'https://media.example/1' };
    },
  } as unknown as ApiClient;

  return {
    api,
    conversations,
    messages,
    queues,
    calls,
    lifecycle,
    listGate,
    meGate,
    sendGate,
    sendFailures,
    sent,
    typing,
    upload,
    targets,
    floor,
    session,
    readState,
  };
}

/** A console signed in as `me` against a fresh backend; nothing runs until the test calls `start`. */
export function consoleUnderTest() {
  const backend = fakeBackend();
  const sockets: SocketHandlers[] = [];
  const alerts: Alert[] = [];
  const seen: string[] = [];
  let visible = true;
  let clientMessageIds = 0;
  let sessionEnded = 0;
  const controller = new ConsoleController({
    session: { token: 't', expiresAt: Date.now() + 3_600_000, agent: me },
    api: backend.api,
    socketUrl: 'wss://ws.example',
    openSocket: (_url, handlers) => {
      sockets.push(handlers);
      return { send: () => {}, close: () => {} };
    },
    isVisible: () => visible,
    isOnline: () => true,
    alerts: { alert: (alert) => alerts.push(alert), seen: (conversationId) => seen.push(conversationId) },
    newClientMessageId: () => `client-${++clientMessageIds}`,
    onSessionEnded: () => {
      sessionEnded++;
    },
  });
  return {
    ...backend,
    controller,
    sockets,
    /** What reached the alerts (see alerts.ts), and the conversations reported seen. */
    alerts,
    seen,
    state: () => controller.store.state,
    /** A frame from the server on the newest socket. */
    push: (frame: ServerFrame) => sockets.at(-1)?.onMessage(JSON.stringify(frame)),
    // Lets pending reads resolve and a reconnect delay (at most 1 s at first) run out.
    settle: () => vi.advanceTimersByTimeAsync(1000),
    setVisible: (value: boolean) => {
      visible = value;
    },
    /** How often the console reported its session ended. */
    sessionEnded: () => sessionEnded,
  };
}

/** A console started and connected, with Alice known from the queue read and `listed` in its list. */
export async function connectedConsole(...listed: Conversation[]) {
  const harness = consoleUnderTest();
  harness.queues.push(
    queueView({
      queueId: 'shop-12',
      name: 'Shop 12',
      members: [{ agentId: 'alice', displayName: 'Alice' }],
    }),
  );
  harness.conversations.push(...listed);
  harness.controller.start();
  harness.sockets[0]?.onOpen();
  await harness.settle();
  return harness;
}

/**
 * What the customer is told in WeChat as their conversation changes hands and ends: the queue's
 * pick-up notice (with the agent's name) and closing message, through the simulated WeChat, and
 * never at the cost of the last message WeChat lets the agent send.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureQueue } from '../../../shared/admin/queue-registration.ts';
import type { AutoReplies } from '../../../shared/domain/auto-reply.ts';
import type { Message } from '../../../shared/domain/message.ts';
import { defaultQueueId } from '../../../shared/domain/queue.ts';
import { handlingWindowMs } from '../../../shared/domain/queue-eta.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { getConversation, getCustomer } from '../../../shared/store/conversations-repository.ts';
import { handledSince } from '../../../shared/store/queue-handling-repository.ts';
import { type AgentSocket, isMessageCreated } from '../../support/agent-socket.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestAgent, type TestApp, type TestSystem } from '../../support/system.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

const notices: AutoReplies = {
  welcome: '欢迎光临！',
  pickUp: '{客服}为您服务',
  closing: '感谢您的咨询，祝您生活愉快！',
  keywords: [],
  humanKeywords: ['人工'],
};

async function appWith(autoReplies: AutoReplies): Promise<TestApp> {
  const app = await system.addApp({ format: 'json' });
  await configureQueue({ appId: app.appId, queueId: defaultQueueId, autoReplies });
  return app;
}

const act = (agent: TestAgent, conversationId: string, action: string, body?: unknown) =>
  system.request(agent.token, 'POST', `/api/conversations/${conversationId}/${action}`, body);

/** The lifecycle line of `event` in the conversation of the customer, on an agent's socket. */
const lifecycle = (socket: AgentSocket, openId: string, event: string) =>
  socket.seen(
    (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
      isMessageCreated(frame) &&
      frame.conversation.openId === openId &&
      frame.message.content.type === 'event' &&
      frame.message.content.event === event,
  );

describe('customer notices', () => {
  it('tell who serves the customer as they are taken, and say goodbye as the conversation closes', async () => {
    const app = await appWith(notices);
    const agent = await system.addAgent([app.appId], { capacity: 1 });
    const socket = await system.connect(agent.token);

    // Served as they open: the welcome and who serves them, in one message.
    const served = system.simulator.customer(app.appId);
    await served.enterSession();
    expect((await served.nextReceived()).text).toBe(`欢迎光临！\n\n${agent.username}为您服务`);
    const { conversation } = await socket.next(isMessageCreated);
    // Entering the chat lets two messages go out in a minute; a customer's words let five (48 h).
    await served.say('你好');

    // The agent is busy: the next customer waits, and hears who takes them when the agent is free.
    const waiting = system.simulator.customer(app.appId);
    await waiting.enterSession();
    expect((await waiting.nextReceived()).text).toContain('您在第1位');
    await waiting.say('我想问一下发货的事');
    expect((await act(agent, conversation.conversationId, 'close')).status).toBe(200);
    expect((await served.nextReceived()).text).toBe('感谢您的咨询，祝您生活愉快！');
    expect((await waiting.nextReceived()).text).toBe(`${agent.username}为您服务`);
    expect(served.inbox).toHaveLength(2);
    expect(waiting.inbox).toHaveLength(2);
    await socket.close();
  });

  it('tell the customer the colleague’s name on a transfer, and nothing on a transfer to a queue', async () => {
    const app = await appWith({ ...notices, welcome: undefined });
    const first = await system.addAgent([app.appId], { capacity: 1 });
    const colleague = await system.addAgent([app.appId], { capacity: 1 });
    const firstSocket = await system.connect(first.token);
    const customer = system.simulator.customer(app.appId);
    await customer.say('你好');
    const { conversation } = await firstSocket.next(isMessageCreated);
    // Whoever was free took them as they opened.
    const takenBy = conversation.assigneeId === first.agentId ? first : colleague;
    expect((await customer.nextReceived()).text).toBe(`${takenBy.username}为您服务`);
    const colleagueSocket = await system.connect(colleague.token);
    const other = takenBy === first ? colleague : first;

    const transfer = await act(takenBy, conversation.conversationId, 'transfer', {
      toAgentId: other.agentId,
    });
    expect(transfer.status).toBe(200);
    expect((await customer.nextReceived()).text).toBe(`${other.username}为您服务`);
    expect(customer.inbox).toHaveLength(2);
    await firstSocket.close();
    await colleagueSocket.close();
  });

  it('never take the last message WeChat allows: that one stays the agent’s', async () => {
    const app = await appWith({ keywords: [], humanKeywords: ['人工'], closing: '再见！' });
    const agent = await system.addAgent([app.appId], { capacity: 1 });
    const socket = await system.connect(agent.token);
    const customer = system.simulator.customer(app.appId);
    await customer.say('在吗');
    const { conversation } = await socket.next(isMessageCreated);
    // A customer's message lets the agent send five; four are used.
    for (let reply = 1; reply <= 4; reply++) {
      const sent = await system.request(
        agent.token,
        'POST',
        `/api/conversations/${conversation.conversationId}/messages`,
        {
          clientMessageId: `reply-000${reply}`,
          content: { type: 'text', text: `回复 ${reply}` },
        },
      );
      expect(sent.status).toBe(201);
      expect((await customer.nextReceived()).text).toBe(`回复 ${reply}`);
    }
    expect((await act(agent, conversation.conversationId, 'close')).status).toBe(200);
    await lifecycle(socket, customer.openId, 'conversation_closed');
    // The stream handles a conversation's log in order: once the reopening is on the socket, the
    // close before it was handled whole, the notice's decision included.
    expect((await act(agent, conversation.conversationId, 'reopen')).status).toBe(200);
    await lifecycle(socket, customer.openId, 'conversation_reopened');
    const log = await system.request<{ messages: Message[] }>(
      agent.token,
      'GET',
      `/api/conversations/${conversation.conversationId}/messages`,
    );
    expect(log.status).toBe(200);
    expect(log.body.messages.filter((message) => message.author === 'bot')).toEqual([]);
    expect(customer.inbox.map((message) => message.text)).toEqual(['回复 1', '回复 2', '回复 3', '回复 4']);
    // … and the agent still has their fifth.
    const last = await system.request(
      agent.token,
      'POST',
      `/api/conversations/${conversation.conversationId}/messages`,
      {
        clientMessageId: 'reply-0005',
        content: { type: 'text', text: '回复 5' },
      },
    );
    expect(last.status).toBe(201);
    expect((await customer.nextReceived()).text).toBe('回复 5');
    await socket.close();
  });

  it('estimate the wait from the queue’s recent conversations once there are enough of them', async () => {
    const app = await appWith({ keywords: [], humanKeywords: ['人工'] });
    const agent = await system.addAgent([app.appId], { capacity: 1 });
    const socket = await system.connect(agent.token);
    const serveAndClose = async () => {
      const customer = system.simulator.customer(app.appId);
      await customer.say('你好');
      const { conversation } = await socket.next(
        (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
          isMessageCreated(frame) && frame.conversation.openId === customer.openId,
      );
      expect((await act(agent, conversation.conversationId, 'close')).status).toBe(200);
      await lifecycle(socket, customer.openId, 'conversation_closed');
      return conversation;
    };
    const queued = async () => {
      const customer = system.simulator.customer(app.appId);
      await customer.say('在吗');
      return (await customer.nextReceived()).text;
    };

    // Four closed conversations tell too little: the place alone.
    for (let served = 0; served < 4; served++) await serveAndClose();
    const busy = system.simulator.customer(app.appId);
    await busy.say('我先来');
    const { conversation: busyConversation } = await socket.next(
      (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
        isMessageCreated(frame) && frame.conversation.openId === busy.openId,
    );
    expect(await queued()).toBe('您好，客服正忙。目前共有1人在排队，您在第1位，请稍候。');

    // A fifth closes (the busy customer's); the agent takes the one waiting and is busy again.
    expect((await act(agent, busyConversation.conversationId, 'close')).status).toBe(200);
    const queue = { appId: app.appId, queueId: defaultQueueId };
    await eventually(async () =>
      expect((await handledSince(queue, Date.now() - handlingWindowMs)).closed).toBe(5),
    );
    await socket.next(
      (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
        isMessageCreated(frame) &&
        frame.message.content.type === 'event' &&
        frame.message.content.event === 'conversation_assigned',
    );
    // Conversations held for moments: the estimate rounds up to a minute.
    expect(await queued()).toBe('您好，客服正忙。目前共有1人在排队，您在第1位，预计等待约 1 分钟，请稍候。');
    await socket.close();
  });
});

describe('satisfaction survey', () => {
  const survey = '请为本次服务打分（回复 1–5，5 为非常满意）';

  /** A served customer whose conversation the agent closes; the survey comes with the closing words. */
  async function closedWithSurvey(app: TestApp) {
    const agent = await system.addAgent([app.appId], { capacity: 1 });
    const socket = await system.connect(agent.token);
    const customer = system.simulator.customer(app.appId);
    await customer.say('你好');
    const { conversation } = await socket.next(isMessageCreated);
    expect((await act(agent, conversation.conversationId, 'close')).status).toBe(200);
    return { agent, socket, customer, conversation };
  }

  it('takes a Mini Program customer’s number as the score of the closed conversation, opening nothing', async () => {
    const app = await appWith({ keywords: [], humanKeywords: ['人工'], closing: '感谢您的咨询！', survey });
    const { agent, socket, customer, conversation } = await closedWithSurvey(app);
    expect((await customer.nextReceived()).text).toBe(`感谢您的咨询！\n\n${survey}`);

    await customer.say('５');
    // The answer is a line of the closed conversation, on its agent's socket; no conversation opens.
    const answer = await socket.seen(
      (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
        isMessageCreated(frame) &&
        frame.message.direction === 'inbound' &&
        frame.message.content.type === 'text' &&
        frame.message.content.text === '５',
    );
    expect(answer.conversation).toMatchObject({
      conversationId: conversation.conversationId,
      state: 'closed',
      rating: 5,
    });
    const rated = await getConversation(conversation.conversationId, true);
    expect(rated).toMatchObject({ state: 'closed', rating: 5 });
    expect((await getCustomer(app.appId, customer.openId, true))?.conversationId).toBe(
      conversation.conversationId,
    );
    // The workspace's history shows the score with the conversation.
    await eventually(async () => {
      const history = await system.request<{ results: { conversationId: string; rating?: number }[] }>(
        agent.token,
        'GET',
        '/api/history',
      );
      expect(
        history.body.results.find((result) => result.conversationId === conversation.conversationId)?.rating,
      ).toBe(5);
    });

    // Only once: the next message is the customer writing again, which opens a new conversation.
    await customer.say('4');
    const next = await socket.seen(
      (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
        isMessageCreated(frame) &&
        frame.message.content.type === 'text' &&
        frame.message.content.text === '4',
    );
    expect(next.conversation.conversationId).not.toBe(conversation.conversationId);
    expect((await getConversation(conversation.conversationId, true))?.rating).toBe(5);
    await socket.close();
  });

  it('thanks a customer for their score when the queue has words for it, once', async () => {
    const app = await appWith({
      keywords: [],
      humanKeywords: ['人工'],
      closing: '感谢您的咨询！',
      survey,
      surveyThanks: '感谢您的评价，我们会继续努力！',
    });
    const { socket, customer, conversation } = await closedWithSurvey(app);
    await customer.nextReceived();
    const answer = await customer.say('4分');
    expect((await customer.nextReceived()).text).toBe('感谢您的评价，我们会继续努力！');
    expect((await getConversation(conversation.conversationId, true))?.rating).toBe(4);
    // WeChat delivering the same answer again changes nothing and thanks nobody twice.
    await customer.resend(answer);
    await customer.say('还有一个问题');
    const next = await socket.seen(
      (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
        isMessageCreated(frame) &&
        frame.message.content.type === 'text' &&
        frame.message.content.text === '还有一个问题',
    );
    expect(next.conversation.conversationId).not.toBe(conversation.conversationId);
    expect(customer.inbox.filter((received) => received.text?.startsWith('感谢您的评价'))).toHaveLength(1);
    await socket.close();
  });

  it('gives an Official Account customer the scores to tap, and records the tap', async () => {
    const app = await system.addApp({ type: 'official-account', format: 'xml' });
    await configureQueue({
      appId: app.appId,
      queueId: defaultQueueId,
      autoReplies: { keywords: [], humanKeywords: ['人工'], closing: '感谢您的咨询！', survey },
    });
    const { socket, customer, conversation } = await closedWithSurvey(app);
    const invitation = await customer.nextReceived();
    expect(invitation.msgtype).toBe('msgmenu');
    expect(invitation.body.msgmenu).toMatchObject({
      head_content: `感谢您的咨询！\n\n${survey}`,
      list: [
        { id: 'survey-5', content: '5 非常满意' },
        { id: 'survey-4', content: '4 满意' },
        { id: 'survey-3', content: '3 一般' },
        { id: 'survey-2', content: '2 不满意' },
        { id: 'survey-1', content: '1 非常不满意' },
      ],
    });
    await customer.clickMenuOption('survey-4');
    await eventually(async () =>
      expect(await getConversation(conversation.conversationId, true)).toMatchObject({
        state: 'closed',
        rating: 4,
      }),
    );
    expect((await getCustomer(app.appId, customer.openId, true))?.conversationId).toBe(
      conversation.conversationId,
    );
    await socket.close();
  });
});

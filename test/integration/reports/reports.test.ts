/**
 * Reports (`GET /api/reports`) on the local runtime: simulated customers write, an agent answers and
 * closes through the API, a customer answers the satisfaction survey, another leaves a message while
 * the agent is away, and the report of today counts what happened, a conversation reopened and closed
 * again once. Agents are refused; another
 * workspace's admin sees nothing of this one; a bad query is answered with a sentence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureQueue } from '../../../shared/admin/queue-registration.ts';
import type { Report } from '../../../shared/domain/report-figures.ts';
import { addDays, zonedDateHour } from '../../../shared/domain/zoned-calendar.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { getConversation, getCustomer } from '../../../shared/store/conversations-repository.ts';
import { isMessageCreated } from '../../support/agent-socket.ts';
import { type ServedConversation, servedConversation } from '../../support/conversation-fixture.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestAgent, type TestSystem } from '../../support/system.ts';

const survey = '请为本次服务打分（回复 1–5，5 为非常满意）';

let system: TestSystem;
let served: ServedConversation;
let admin: TestAgent;
let otherWorkspaceAdmin: TestAgent;
/** Today and yesterday in Shanghai: a run near midnight still finds what it wrote. */
let range: { from: string; to: string };

const report = (token: string, query: Record<string, string> = range) =>
  system.request<Report & { error?: { message: string; details?: { message: string }[] } }>(
    token,
    'GET',
    `/api/reports?${new URLSearchParams(query)}`,
  );

const act = (conversationId: string, action: 'close' | 'reopen') =>
  system.request(served.agent.token, 'POST', `/api/conversations/${conversationId}/${action}`);

const answer = (conversationId: string, text: string) =>
  system.request(served.agent.token, 'POST', `/api/conversations/${conversationId}/messages`, {
    clientMessageId: crypto.randomUUID(),
    content: { type: 'text', text },
  });

beforeAll(async () => {
  system = await startSystem();
  served = await servedConversation(system, { workspaceId: 'reports', format: 'json' });
  await configureQueue({
    appId: served.app.appId,
    queueId: 'default',
    autoReplies: { keywords: [], humanKeywords: ['人工'], closing: '感谢您的咨询！', survey },
  });
  admin = await system.addAgent([served.app.appId], { role: 'admin' });
  const elsewhere = await system.addApp({ workspaceId: 'reports-elsewhere' });
  otherWorkspaceAdmin = await system.addAgent([elsewhere.appId], { role: 'admin' });
  const today = zonedDateHour(Date.now(), 'Asia/Shanghai').date;
  range = { from: addDays(today, -1), to: today };
}, 60_000);

afterAll(async () => {
  await served?.socket.close();
  await system?.stop();
});

describe('the report of today', () => {
  it('counts closed conversations, their messages and the survey score, a reopened one once', async () => {
    // First: one message each way, closed; the customer answers the survey with 4, and a word.
    const first = served.conversation.conversationId;
    expect((await answer(first, '您好，请讲')).status).toBe(201);
    await served.customer.nextReceived((received) => received.text === '您好，请讲');
    expect((await act(first, 'close')).status).toBe(200);
    await served.customer.nextReceived((received) => received.text === `感谢您的咨询！\n\n${survey}`);
    await served.customer.say('4分，回复很快');

    // Second: another customer, answered, closed, reopened, answered again and closed again.
    const second = system.simulator.customer(served.app.appId);
    await second.say('在吗？');
    const { conversation } = await served.socket.seen(
      (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
        isMessageCreated(frame) && frame.conversation.openId === second.openId,
    );
    const secondId = conversation.conversationId;
    expect((await answer(secondId, '在的')).status).toBe(201);
    expect((await act(secondId, 'close')).status).toBe(200);
    expect((await act(secondId, 'reopen')).status).toBe(200);
    expect((await answer(secondId, '还有什么可以帮您？')).status).toBe(201);
    expect((await act(secondId, 'close')).status).toBe(200);

    // Third: with the agent away, a customer leaves a message (留言); the agent comes back, is given it
    // and answers it.
    const status = (value: 'away' | 'online') =>
      system.request(served.agent.token, 'PUT', '/api/me/status', { status: value });
    expect((await status('away')).status).toBe(200);
    const third = system.simulator.customer(served.app.appId);
    await third.say('有人吗？');
    const thirdId = await eventually(async () => {
      const customer = await getCustomer(served.app.appId, third.openId, true);
      const waiting = customer && (await getConversation(customer.conversationId, true));
      expect(waiting?.waitingKind).toBe('left_message');
      return customer?.conversationId as string;
    });
    expect((await status('online')).status).toBe(200);
    await eventually(async () => expect((await getConversation(thirdId, true))?.state).toBe('active'));
    expect((await answer(thirdId, '抱歉久等了')).status).toBe(201);
    expect((await act(thirdId, 'close')).status).toBe(200);

    const answered = await eventually(
      async () => {
        const { status, body } = await report(admin.token);
        expect(status).toBe(200);
        expect(body.totals.satisfaction).toEqual({
          count: 1,
          average: 4,
          scores: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 },
        });
        expect(body.totals).toMatchObject({
          conversations: 3,
          // The customers' first messages, the agent's four answers; not the closing words, the
          // survey's question or its score, nor the lifecycle lines.
          customerMessages: 3,
          agentMessages: 4,
          messages: 7,
          leftMessages: { count: 1, answered: 1 },
        });
        return body;
      },
      { timeoutMs: 20_000 },
    );
    expect(answered.comments).toEqual([
      expect.objectContaining({
        conversationId: first,
        agentId: served.agent.agentId,
        agentName: served.agent.username,
        score: 4,
        comment: '回复很快',
      }),
    ]);
    expect(answered.range).toEqual({ ...range, timeZone: 'Asia/Shanghai' });
    expect(answered.byDay.map((day) => day.date)).toEqual([range.from, range.to]);
    expect(answered.byDay.reduce((sum, day) => sum + day.conversations, 0)).toBe(3);
    expect(answered.byHour).toHaveLength(24);
    expect(answered.byHour.reduce((sum, hour) => sum + hour.messages, 0)).toBe(7);
    expect(answered.totals.firstResponse.p90).not.toBeNull();
    expect(answered.totals.resolution.p50).not.toBeNull();
    expect(answered.byQueue).toEqual([
      expect.objectContaining({ appId: served.app.appId, queueId: 'default', conversations: 3 }),
    ]);
    expect(answered.byAgent).toEqual([
      expect.objectContaining({
        agentId: served.agent.agentId,
        name: served.agent.username,
        conversations: 3,
      }),
    ]);

    // Filters narrow the conversations counted: another agent has none.
    const narrowed = await report(admin.token, { ...range, agentId: admin.agentId });
    expect(narrowed.body.totals.conversations).toBe(0);
    expect(narrowed.body.byAgent).toEqual([]);
  }, 60_000);

  it('is refused to an agent, and shows another workspace’s admin nothing of this workspace', async () => {
    const refused = await report(served.agent.token);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toBe('only an owner or admin of the workspace can read its reports');
    const elsewhere = await report(otherWorkspaceAdmin.token);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.totals.conversations).toBe(0);
    expect(JSON.stringify(elsewhere.body)).not.toContain(served.app.appId);
  });

  it('answers a bad date, zone or range with 400 and a sentence', async () => {
    const backwards = await report(admin.token, { from: range.to, to: range.from });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error?.details?.map((detail) => detail.message)).toEqual([
      'from must not be after to',
    ]);
    const zone = await report(admin.token, { ...range, timeZone: 'Mars/Olympus' });
    expect(zone.status).toBe(400);
    const long = await report(admin.token, { from: '2026-01-01', to: '2026-12-31' });
    expect(long.body.error?.details?.map((detail) => detail.message)).toEqual([
      'a report covers at most 92 days',
    ]);
  });
});

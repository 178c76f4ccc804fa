import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureQueue } from '../../../shared/admin/queue-registration.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { isMessageCreated } from '../../support/agent-socket.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

/** Reading a conversation follows the same policy as acting on it: its agent, its queue's members, admins. */

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

const history = (token: string, conversationId: string) =>
  system.api(`/api/conversations/${conversationId}/messages`, token);

describe("a merchant's conversations", () => {
  it('are read by their agent, their queue and admins, not by agents of other queues of the same app', async () => {
    const app = await system.addApp();
    await configureQueue({
      appId: app.appId,
      queueId: 'shop-12',
      name: 'Shop 12',
      sessionFromRules: [{ match: 'prefix', pattern: 'shop:12' }],
    });
    const shopAgent = await system.addAgent([app.appId], { queueIds: ['shop-12'] });
    const shopColleague = await system.addAgent([app.appId], { queueIds: ['shop-12'] });
    const otherMerchant = await system.addAgent([app.appId], { queueIds: ['default'] });
    const admin = await system.addAgent([app.appId], { role: 'admin' });
    const socket = await system.connect(shopAgent.token);
    const customer = system.simulator.customer(app.appId);
    await customer.enterSession('shop:12');
    await customer.say('我的订单');
    const { message } = await socket.next(
      (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
        isMessageCreated(frame) && frame.message.author === 'customer',
    );

    expect((await history(shopAgent.token, message.conversationId)).status).toBe(200);
    expect((await history(shopColleague.token, message.conversationId)).status).toBe(200);
    expect((await history(admin.token, message.conversationId)).status).toBe(200);
    expect((await history(otherMerchant.token, message.conversationId)).status).toBe(403);
    await socket.close();
  });

  it('are no longer readable by an agent who handed them to a queue they do not serve', async () => {
    const app = await system.addApp();
    await configureQueue({ appId: app.appId, queueId: 'returns', name: 'Returns' });
    const agent = await system.addAgent([app.appId], { queueIds: ['default'] });
    const socket = await system.connect(agent.token);
    await system.simulator.customer(app.appId).say('退货');
    const { message } = await socket.next(isMessageCreated);
    const handed = await system.request(
      agent.token,
      'POST',
      `/api/conversations/${message.conversationId}/transfer`,
      {
        toQueueId: 'returns',
      },
    );
    expect(handed.status).toBe(200);
    expect((await history(agent.token, message.conversationId)).status).toBe(403);
    await socket.close();
  });
});

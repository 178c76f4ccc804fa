/**
 * The demo workspace `npm start` offers: one Mini Program with two queues, the merchant's Official
 * Account (whose customers also send voices), and two agents (`demo`, the workspace's owner, serving
 * both apps, and a merchant's agent), registered through the same code as the admin CLI, so
 * the system can be tried at once. Seeding again on the next start changes nothing that exists, except
 * that a workspace without an owner (one seeded before owners existed) gets `demo` as its owner. Its
 * customers and conversations are played on the first start (`demo-conversations.ts`).
 */

import { configureQueue } from '../../shared/admin/queue-registration.ts';
import { type AgentRegistration, registerAgent, registerApp } from '../../shared/admin/registration.ts';
import type { WeChatApp } from '../../shared/domain/app.ts';
import { defaultHumanKeywords } from '../../shared/domain/auto-reply.ts';
import { parseBusinessHours } from '../../shared/domain/business-hours.ts';
import { newId } from '../../shared/domain/ids.ts';
import { defaultQueueId } from '../../shared/domain/queue.ts';
import type { QuickReplyScope } from '../../shared/domain/quick-reply.ts';
import {
  findAgentByUsername,
  getAgent,
  UsernameTakenError,
  updateAgentProfile,
} from '../../shared/store/agents-repository.ts';
import { listAppMemberIds } from '../../shared/store/apps-repository.ts';
import { createQuickReply } from '../../shared/store/quick-replies-repository.ts';
import { createWorkspace } from '../../shared/store/workspaces-repository.ts';

export interface DemoWorkspace {
  appId: string;
  appType: WeChatApp['type'];
  token: string;
  encodingAesKey: string;
  format: WeChatApp['format'];
  agent: { username: string; password: string };
  /** A merchant's agent, who serves only the merchant's queue. */
  merchantAgent: { username: string; password: string };
  /** The SessionFrom of the merchant's pages, which takes their customers to the merchant's queue. */
  merchantSessionFrom: string;
  /** The Official Account: XML in secure mode, like every Official Account. */
  officialAccount: { appId: string; token: string; encodingAesKey: string };
}

const demo: DemoWorkspace = {
  appId: 'wx5eed0000000de300',
  appType: 'miniprogram',
  token: 'DemoToken2026',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  format: 'json',
  agent: { username: 'demo', password: 'demo-password' },
  merchantAgent: { username: 'shop12', password: 'shop12-password' },
  merchantSessionFrom: 'shop:12',
  officialAccount: {
    appId: 'wx5eed0000000de301',
    token: 'DemoAccountToken2026',
    encodingAesKey: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg',
  },
};

/** Queues of a B2B2C Mini Program: the platform's own desk, and merchant 12's (its page sends `shop:12`). */
async function seedQueues(): Promise<void> {
  await configureQueue({
    appId: demo.appId,
    queueId: defaultQueueId,
    name: 'Customer service',
    autoReplies: {
      welcome: '您好，欢迎咨询！请直接描述您的问题，客服马上为您服务。',
      closing: '感谢您的咨询，祝您购物愉快！如有其他问题，欢迎随时联系我们。',
      survey: '请您为本次服务打分：回复数字 1–5（5 为非常满意）。',
      keywords: [
        {
          match: 'contains',
          pattern: '退货',
          reply: '退货说明：签收后 7 天内可在“我的订单”中申请退货。需要人工帮助请回复“人工”。',
        },
      ],
      humanKeywords: [...defaultHumanKeywords],
    },
  });
  await configureQueue({
    appId: demo.appId,
    queueId: 'shop-12',
    name: 'Shop 12',
    sessionFromRules: [{ match: 'prefix', pattern: demo.merchantSessionFrom }],
    businessHours: parseBusinessHours('daily 09:00-21:00'),
    autoReplies: {
      welcome: '您好，这里是 12 号店铺，请问有什么可以帮您？',
      pickUp: '12 号店铺客服{客服}为您服务。',
      offHours: '您好，本店客服工作时间为每天 9:00–21:00。您的留言已收到，上班后第一时间回复您。',
      keywords: [],
      humanKeywords: [...defaultHumanKeywords],
    },
  });
}

/** The Official Account's desk: a survey its customers answer with a tap (a menu message). */
async function seedAccountQueue(): Promise<void> {
  await configureQueue({
    appId: demo.officialAccount.appId,
    queueId: defaultQueueId,
    name: 'Customer service',
    autoReplies: {
      welcome: '您好，欢迎关注！发文字或语音都可以，客服马上为您服务。',
      closing: '感谢您的咨询，祝您生活愉快！',
      survey: '请您为本次服务打分：',
      keywords: [],
      humanKeywords: [...defaultHumanKeywords],
    },
  });
}

/** Quick replies both demo agents find by typing `/` in the composer (`/thh` finds 退换货). */
async function seedQuickReplies(): Promise<void> {
  const everyone: QuickReplyScope = { kind: 'workspace' };
  const shop: QuickReplyScope = { kind: 'queue', appId: demo.appId, queueId: 'shop-12' };
  const replies: [QuickReplyScope, string, string][] = [
    [everyone, '问候', '您好，{客户}！我是客服{客服}，很高兴为您服务，请问有什么可以帮您？'],
    [everyone, '退换货', '签收后 7 天内可在“我的订单”中申请退换货，审核通过后按页面提示寄回商品即可。'],
    [everyone, '发货时间', '下单后 48 小时内发货，节假日顺延；发货后可在“我的订单”中查看物流。'],
    [everyone, '结束语', '感谢您的咨询，祝您生活愉快！还有问题随时联系我们。'],
    [shop, '营业时间', '12 号店客服工作时间为每天 9:00–21:00，其余时间的留言会在上班后第一时间回复。'],
  ];
  for (const [scope, title, text] of replies) {
    const now = Date.now();
    await createQuickReply({
      quickReplyId: newId(now),
      workspaceId: 'demo',
      scope,
      title,
      text,
      createdAt: now,
      updatedAt: now,
    });
  }
}

async function seedAgent(registration: AgentRegistration): Promise<boolean> {
  try {
    await registerAgent(registration);
    return true;
  } catch (error) {
    if (error instanceof UsernameTakenError) return false;
    throw error;
  }
}

/** Data seeded before owners existed made `demo` an admin: the workspace needs an owner. */
async function makeOwnerIfNone(username: string): Promise<void> {
  const agent = await findAgentByUsername(username);
  if (agent?.role !== 'admin' || agent.workspaceId !== 'demo') return;
  const owners = await Promise.all(
    (await listAppMemberIds(demo.appId)).map(async (agentId) => (await getAgent(agentId))?.role === 'owner'),
  );
  if (!owners.some(Boolean)) await updateAgentProfile(agent.agentId, { role: 'owner' });
}

/** `fresh`: seeded just now, on a data folder that had no demo yet. */
export async function seedDemoWorkspace(): Promise<{ workspace: DemoWorkspace; fresh: boolean }> {
  await registerApp({
    appId: demo.appId,
    workspaceId: 'demo',
    type: demo.appType,
    name: 'Demo Mini Program',
    format: demo.format,
    token: demo.token,
    encodingAesKey: demo.encodingAesKey,
    secret: 'DemoAppSecret0000000000000000000',
  });
  await registerApp({
    appId: demo.officialAccount.appId,
    workspaceId: 'demo',
    type: 'official-account',
    name: 'Demo 公众号',
    format: 'xml',
    token: demo.officialAccount.token,
    encodingAesKey: demo.officialAccount.encodingAesKey,
    secret: 'DemoAccountSecret000000000000000',
  });
  // Only a fresh workspace is seeded: what an operator changed since is theirs.
  const firstStart = !(await findAgentByUsername(demo.agent.username));
  if (firstStart) {
    await seedQueues();
    await seedAccountQueue();
    await seedQuickReplies();
  }
  await createWorkspace({ workspaceId: 'demo', name: 'Demo', createdAt: Date.now() });
  const created = await seedAgent({
    appIds: [demo.appId, demo.officialAccount.appId],
    username: demo.agent.username,
    password: demo.agent.password,
    role: 'owner',
    queueIds: [defaultQueueId, 'shop-12'],
  });
  if (!created) await makeOwnerIfNone(demo.agent.username);
  await seedAgent({
    appIds: [demo.appId],
    username: demo.merchantAgent.username,
    password: demo.merchantAgent.password,
    queueIds: ['shop-12'],
  });
  return { workspace: demo, fresh: firstStart };
}

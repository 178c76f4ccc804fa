/**
 * The demo's customers, so that a first `npm start` shows the product lived in rather than empty:
 * a customer with a broken product and a photo of it, a customer who shared a product card, an
 * English-speaking customer whose conversation is closed (with a note on him), one waiting in the
 * merchant's queue, and on the Official Account a customer who told of a broken cup in a voice
 * message; the served customers have remark names and tags, as agents would give them.
 *
 * Everything happens the way it would with real people: the customers write through the WeChat
 * simulator (signed callbacks, WeChat's reply window), and the demo agent answers and closes through
 * the HTTP API with a console's socket open, so what the console shows afterwards is real data of
 * every part of the system, automatic replies included.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { drawPng } from './drawn-png.ts';
import type { CallbackDelivery, WeChatSimulator } from './wechat-simulator/index.ts';
import { recordedVoice } from './wechat-simulator/recorded-voice.ts';

interface DemoAccess {
  httpUrl: string;
  webSocketUrl: string;
  simulator: WeChatSimulator;
  appId: string;
  /** The merchant's Official Account, served by the same agent. */
  officialAccountId: string;
  agent: { username: string; password: string };
  /** The SessionFrom that takes a customer to the merchant's queue. */
  merchantSessionFrom: string;
}

/** The demo agent at a console: signed in, socket open (present), answering over the HTTP API. */
class DemoAgent {
  private constructor(
    private readonly httpUrl: string,
    private readonly token: string,
    private readonly socket: WebSocket,
  ) {}

  static async signIn(access: DemoAccess): Promise<DemoAgent> {
    const { token } = await call<{ token: string }>(access.httpUrl, 'POST', '/api/auth/login', {
      body: access.agent,
    });
    const socket = new WebSocket(`${access.webSocketUrl}?token=${encodeURIComponent(token)}`);
    await new Promise<void>((opened, failed) => {
      socket.once('open', () => opened());
      socket.once('error', failed);
    });
    const agent = new DemoAgent(access.httpUrl, token, socket);
    await agent.request('PUT', '/api/me/status', { status: 'online' });
    return agent;
  }

  async conversationOf(openId: string): Promise<string> {
    const { conversations } = await this.request<{
      conversations: { conversationId: string; openId: string }[];
    }>('GET', '/api/conversations?state=active');
    const found = conversations.find((conversation) => conversation.openId === openId);
    if (!found) throw new Error(`demo: the conversation of ${openId} was not assigned to the demo agent`);
    return found.conversationId;
  }

  async answer(conversationId: string, text: string): Promise<void> {
    await this.request('POST', `/api/conversations/${conversationId}/messages`, {
      clientMessageId: randomUUID(),
      content: { type: 'text', text },
    });
  }

  /** What agents note about a customer (remark name, tags, a private note), as the profile panel does. */
  async describe(
    conversationId: string,
    profile: { remarkName: string; tags: string[]; note?: string },
  ): Promise<void> {
    await this.request('PATCH', `/api/conversations/${conversationId}/customer`, profile);
  }

  /** A note for colleagues in the thread, as the composer's Note switch writes it. */
  async note(conversationId: string, text: string): Promise<void> {
    await this.request('POST', `/api/conversations/${conversationId}/notes`, {
      clientMessageId: randomUUID(),
      text,
    });
  }

  async close(conversationId: string): Promise<void> {
    await this.request('POST', `/api/conversations/${conversationId}/close`, {});
  }

  /** Off duty again: the person who signs in decides when to take customers. */
  async leave(): Promise<void> {
    await this.request('PUT', '/api/me/status', { status: 'offline' });
    this.socket.close();
  }

  private request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return call<T>(this.httpUrl, method, path, { body, token: this.token });
  }
}

async function call<T>(
  httpUrl: string,
  method: string,
  path: string,
  { body, token }: { body?: unknown; token?: string },
): Promise<T> {
  const response = await fetch(`${httpUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`demo: ${method} ${path} answered ${response.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** A customer's push must be taken, or the demo would show something other than intended. */
async function taken(delivery: Promise<CallbackDelivery>): Promise<void> {
  const { acknowledged, attempts, request } = await delivery;
  if (!acknowledged) {
    throw new Error(`demo: the callback ${request.url} was not acknowledged (${attempts.length} attempts)`);
  }
}

/** A photo of wireless earbuds on a table, one of them with a red mark where it fails. */
function earbudsPhoto(): Buffer {
  const width = 320;
  const height = 220;
  const inside = (x: number, y: number, cx: number, cy: number, rx: number, ry: number) =>
    ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 < 1;
  return drawPng(width, height, (x, y) => {
    if (inside(x, y, 118, 96, 9, 9)) return [214, 69, 65];
    if (inside(x, y, 110, 100, 34, 30) || inside(x, y, 212, 100, 34, 30)) return [246, 246, 248];
    if ((x > 96 && x < 116 && y > 118 && y < 178) || (x > 198 && x < 218 && y > 118 && y < 178)) {
      return [236, 236, 240];
    }
    if (inside(x, y, 160, 190, 150, 26)) return [176, 150, 120];
    const shade = Math.round((y / height) * 30);
    return [200 - shade, 178 - shade, 150 - shade];
  });
}

/** The cover of a product card: a light wooden desk. */
function deskThumb(): Buffer {
  return drawPng(400, 320, (x, y) => {
    if (y > 110 && y < 140 && x > 60 && x < 340) return [214, 180, 136];
    if ((x > 80 && x < 96 && y >= 140 && y < 270) || (x > 304 && x < 320 && y >= 140 && y < 270)) {
      return [190, 156, 112];
    }
    return [250, 247, 242];
  });
}

export async function playDemoConversations(access: DemoAccess): Promise<void> {
  const { simulator, appId } = access;
  const agent = await DemoAgent.signIn(access);
  try {
    // Earbuds that stopped working, with a photo: still open, the customer's last word unanswered.
    const earbuds = simulator.customer(appId);
    await taken(earbuds.say('你好，我上周买的蓝牙耳机，左耳突然没有声音了'));
    await taken(earbuds.sendImage(earbudsPhoto()));
    const earbudsConversation = await agent.conversationOf(earbuds.openId);
    await agent.answer(
      earbudsConversation,
      '您好！很抱歉给您带来不便。请问耳机充满电、重新配对之后，左耳还是没有声音吗？',
    );
    await taken(earbuds.say('充满电也重新连过了，还是不行，可以换一个吗？'));
    await agent.describe(earbudsConversation, { remarkName: '张女士', tags: ['售后', '耳机'] });

    // A product card shared from the Mini Program, and a question about it: answered, still open.
    const desk = simulator.customer(appId);
    await taken(
      desk.sendMiniProgramCard({
        title: '北欧风实木书桌 1.2m',
        pagePath: 'pages/goods/detail?id=1024',
        thumb: deskThumb(),
      }),
    );
    await taken(desk.say('这款书桌有白色的吗？什么时候能发货？'));
    const deskConversation = await agent.conversationOf(desk.openId);
    await agent.answer(deskConversation, '有的，白色款现货，今天 16:00 前下单当天发货，一般 2–3 天送达。');
    await agent.describe(deskConversation, { remarkName: '王先生', tags: ['售前'] });

    // A broken cup, told in a voice message (a real recording) on the Official Account, whose speech
    // recognition is on; answered, still open.
    const cup = simulator.customer(access.officialAccountId);
    await taken(
      cup.sendVoice(recordedVoice(), {
        recognition: '您好，我昨天买的杯子收到的时候已经碎了，能帮我换一个吗？',
      }),
    );
    const cupConversation = await agent.conversationOf(cup.openId);
    await agent.answer(cupConversation, '非常抱歉！麻烦您拍一张杯子和包装的照片，我们确认后马上为您补发。');
    await agent.describe(cupConversation, { remarkName: '李女士', tags: ['售后', '破损'] });

    // An English-speaking customer, served and closed.
    const shipping = simulator.customer(appId);
    await taken(shipping.say('Hi, do you ship to Hong Kong? How long does it take?'));
    const shippingConversation = await agent.conversationOf(shipping.openId);
    await agent.answer(
      shippingConversation,
      'Yes, we do. Orders to Hong Kong arrive in 3–5 working days, and shipping is free over ¥199.',
    );
    await taken(shipping.say('Great, thank you!'));
    await agent.answer(shippingConversation, 'You are welcome. Have a nice day!');
    await agent.describe(shippingConversation, {
      remarkName: 'Mr. Lee',
      tags: ['香港', 'VIP'],
      note: 'Orders for his shop in Hong Kong; prefers English. 每月初下单。',
    });
    await agent.note(shippingConversation, '客户下月初还会订货，提醒他满 ¥199 包邮。');
    await agent.close(shippingConversation);
    // The closing words come with the survey; his score is kept on the closed conversation.
    await shipping.nextReceived((message) => message.text?.includes('1–5') === true);
    await taken(shipping.say('5'));
  } finally {
    await agent.leave();
  }
  // With nobody of the merchant's queue at work, this customer waits (a left message) until someone is.
  const sizes = simulator.customer(appId);
  await taken(sizes.enterSession(access.merchantSessionFrom));
  await taken(sizes.say('请问这件外套 M 码和 L 码差多少？我身高 170，平时穿 M'));
}

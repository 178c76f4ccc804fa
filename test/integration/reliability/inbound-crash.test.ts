/**
 * A customer message is recorded in two writes: the conversation first (it remembers the message:
 * the dedupe), then the message log. Here the callback function dies between the two, and WeChat's
 * next delivery of the same callback must finish the work: the message in the log exactly once, the
 * conversation updated once, the agent's capacity taken once, whatever happened in between (the
 * conversation closed, a new one opened). Also: many messages in a few minutes, more than the
 * conversation remembers, and deliveries recorded before conversations remembered anything.
 */
import { randomBytes } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getAgentLoads } from '../../../shared/store/agent-load-repository.ts';
import { dynamo } from '../../../shared/store/client.ts';
import { getConversation, getCustomer } from '../../../shared/store/conversations-repository.ts';
import { conversationKey, dedupeKey } from '../../../shared/store/keys.ts';
import { buildCallback } from '../../../shared/wechat/callback.ts';
import { callbackFaults } from '../../fixtures/reliability/faults.ts';
import { isMessageCreated } from '../../support/agent-socket.ts';
import { storedConversation } from '../../support/conversation-fixture.ts';
import { startSystem, type TestApp, type TestSystem } from '../../support/system.ts';
import {
  createdFramesById,
  customerText,
  isCreatedText,
  manifestWithFaultyCallback,
  newOpenId,
  storedMessages,
  textsOf,
} from './helpers.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem({ manifest: manifestWithFaultyCallback() });
});

afterEach(() => {
  callbackFaults().failWrite = undefined;
});

afterAll(async () => {
  await system?.stop();
});

/** The callback function dies once, just before it writes the log item of the message `text`. */
function dieBeforeLogging(text: string): void {
  const faults = callbackFaults();
  faults.failWrite = (command, input) => {
    const hit =
      command.startsWith('Put') && input.includes(system.runtime.tableNames.messages) && input.includes(text);
    if (hit) faults.failWrite = undefined;
    return hit;
  };
}

async function setUp(options: { capacity?: number } = {}) {
  const app = await system.addApp({ format: 'json' });
  const agent = await system.addAgent([app.appId], options);
  const socket = await system.connect(agent.token);
  return { app, agent, socket, openId: newOpenId() };
}

describe('the callback function dies between the conversation and the log', () => {
  it('in an open conversation: the retry writes the message once, as the conversation has it', async () => {
    const { app, agent, socket, openId } = await setUp();
    expect((await customerText(system, app, openId, 'hello').post()).status).toBe(200);
    const { conversation } = await socket.next(isCreatedText('hello'));

    const dies = customerText(system, app, openId, 'dies before the log');
    dieBeforeLogging(dies.text);
    expect((await dies.post()).status).toBeGreaterThanOrEqual(500);
    // The conversation took the message in; the log has not got it.
    const between = await getConversation(conversation.conversationId, true);
    expect(between?.lastMessagePreview).toBe('dies before the log');
    expect(textsOf(await storedMessages(system, agent.token, conversation.conversationId))).toEqual([
      'hello',
    ]);

    // WeChat delivers it again (twice: the second is a plain duplicate).
    expect((await dies.post()).status).toBe(200);
    const completed = await socket.next(isCreatedText('dies before the log'));
    expect(completed.message.messageId).toBe(between?.lastMessageId);
    expect((await dies.post()).status).toBe(200);
    expect((await customerText(system, app, openId, 'marker').post()).status).toBe(200);
    const marker = await socket.next(isCreatedText('marker'));

    const stored = await storedMessages(system, agent.token, conversation.conversationId);
    expect(textsOf(stored)).toEqual(['hello', 'dies before the log', 'marker']);
    for (const [messageId, count] of createdFramesById(socket)) expect(count, messageId).toBe(1);
    const after = await getConversation(conversation.conversationId, true);
    expect(after?.lastMessageId).toBe(marker.message.messageId);
    expect(after?.state).toBe('active');
    await socket.close();
  });

  it('opening a conversation: the retry writes the first message once, and the agent was taken once', async () => {
    const { app, agent, socket, openId } = await setUp();
    const first = customerText(system, app, openId, 'first words');
    dieBeforeLogging(first.text);
    expect((await first.post()).status).toBeGreaterThanOrEqual(500);
    // The conversation is open and assigned, its log still empty.
    const customer = await getCustomer(app.appId, openId);
    const opened = customer && (await getConversation(customer.conversationId, true));
    expect(opened).toMatchObject({ state: 'active', assigneeId: agent.agentId });
    expect(await storedMessages(system, agent.token, customer?.conversationId ?? '')).toEqual([]);

    expect((await first.post()).status).toBe(200);
    const frame = await socket.next(isCreatedText('first words'));
    expect(frame.message.opened).toBe(true);
    expect(frame.conversation).toMatchObject({
      conversationId: customer?.conversationId,
      assigneeId: agent.agentId,
    });
    expect((await first.post()).status).toBe(200);
    expect((await customerText(system, app, openId, 'marker').post()).status).toBe(200);
    await socket.next(isCreatedText('marker'));
    expect(textsOf(await storedMessages(system, agent.token, frame.conversation.conversationId))).toEqual([
      'first words',
      'marker',
    ]);
    const [load] = await getAgentLoads([agent.agentId]);
    expect(load?.activeCount).toBe(1);
    for (const [messageId, count] of createdFramesById(socket)) expect(count, messageId).toBe(1);
    await socket.close();
  });

  it('and the conversation closes and a new one opens before the retry: it completes the old one', async () => {
    const { app, agent, socket, openId } = await setUp();
    expect((await customerText(system, app, openId, 'hello').post()).status).toBe(200);
    const { conversation } = await socket.next(isCreatedText('hello'));
    const dies = customerText(system, app, openId, 'late');
    dieBeforeLogging(dies.text);
    expect((await dies.post()).status).toBeGreaterThanOrEqual(500);
    const closed = await system.request(
      agent.token,
      'POST',
      `/api/conversations/${conversation.conversationId}/close`,
    );
    expect(closed.status).toBe(200);
    const next = customerText(system, app, openId, 'new question');
    expect((await next.post()).status).toBe(200);
    const opened = await socket.next(isCreatedText('new question'));
    expect(opened.conversation.conversationId).not.toBe(conversation.conversationId);

    expect((await dies.post()).status).toBe(200);
    const late = await socket.next(isCreatedText('late'));
    expect(late.message.conversationId).toBe(conversation.conversationId);
    // Delivered again, both: nothing more.
    expect((await dies.post()).status).toBe(200);
    expect((await next.post()).status).toBe(200);
    expect((await customerText(system, app, openId, 'marker').post()).status).toBe(200);
    await socket.next(isCreatedText('marker'));

    expect(textsOf(await storedMessages(system, agent.token, conversation.conversationId))).toEqual([
      'hello',
      'late',
    ]);
    expect(textsOf(await storedMessages(system, agent.token, opened.conversation.conversationId))).toEqual([
      'new question',
      'marker',
    ]);
    expect((await getCustomer(app.appId, openId))?.conversationId).toBe(opened.conversation.conversationId);
    for (const [messageId, count] of createdFramesById(socket)) expect(count, messageId).toBe(1);
    await socket.close();
  });
});

describe('repeated deliveries', () => {
  it('of a message after its conversation closed: recognised, no new conversation', async () => {
    const { app, agent, socket, openId } = await setUp();
    const question = customerText(system, app, openId, 'question');
    expect((await question.post()).status).toBe(200);
    const { conversation } = await socket.next(isCreatedText('question'));
    const closed = await system.request(
      agent.token,
      'POST',
      `/api/conversations/${conversation.conversationId}/close`,
    );
    expect(closed.status).toBe(200);
    expect((await question.post()).status).toBe(200);
    expect((await getCustomer(app.appId, openId))?.conversationId).toBe(conversation.conversationId);
    expect((await getConversation(conversation.conversationId, true))?.state).toBe('closed');
    expect(textsOf(await storedMessages(system, agent.token, conversation.conversationId))).toEqual([
      'question',
    ]);
    await socket.close();
  });

  it('four at once into an open conversation: one message', async () => {
    const { app, agent, socket, openId } = await setUp();
    expect((await customerText(system, app, openId, 'hello').post()).status).toBe(200);
    const { conversation } = await socket.next(isCreatedText('hello'));
    const again = customerText(system, app, openId, 'again');
    const statuses = await Promise.all([1, 2, 3, 4].map(async () => (await again.post()).status));
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect((await customerText(system, app, openId, 'marker').post()).status).toBe(200);
    await socket.next(isCreatedText('marker'));
    expect(textsOf(await storedMessages(system, agent.token, conversation.conversationId))).toEqual([
      'hello',
      'again',
      'marker',
    ]);
    for (const [messageId, count] of createdFramesById(socket)) expect(count, messageId).toBe(1);
    await socket.close();
  });

  it('of many messages in a minute, more than the conversation remembers: each kept once', async () => {
    const { app, agent, socket, openId } = await setUp();
    const texts = Array.from({ length: 40 }, (_, index) => `quick ${index}`);
    const callbacks = texts.map((text) => customerText(system, app, openId, text));
    for (const callback of callbacks) expect((await callback.post()).status).toBe(200);
    const { conversation } = await socket.next(isCreatedText('quick 39'), 30_000);
    // Some gave way in the conversation's memory (and were written down on their own).
    expect(
      Object.keys((await storedConversation(system, conversation.conversationId))?.recentInbound ?? {}),
    ).toContain('~overflow');
    // Every one of them again, a few at once.
    for (let start = 0; start < callbacks.length; start += 8) {
      const statuses = await Promise.all(
        callbacks.slice(start, start + 8).map(async (callback) => (await callback.post()).status),
      );
      expect(statuses.every((status) => status === 200)).toBe(true);
    }
    expect((await customerText(system, app, openId, 'marker').post()).status).toBe(200);
    await socket.next(isCreatedText('marker'));
    expect(textsOf(await storedMessages(system, agent.token, conversation.conversationId))).toEqual([
      ...texts,
      'marker',
    ]);
    for (const [messageId, count] of createdFramesById(socket)) expect(count, messageId).toBe(1);
    await socket.close();
  });

  it('of a message recorded before conversations remembered messages (by a dedupe item): recognised', async () => {
    const { app, agent, socket, openId } = await setUp();
    expect((await customerText(system, app, openId, 'hello').post()).status).toBe(200);
    const { conversation } = await socket.next(isCreatedText('hello'));
    // As the previous version left it: no memory on the conversation, a dedupe item per message.
    await dynamo().send(
      new UpdateCommand({
        TableName: system.runtime.tableNames.core,
        Key: conversationKey(conversation.conversationId),
        UpdateExpression: 'REMOVE recentInbound',
      }),
    );
    const msgId = BigInt(`0x${randomBytes(7).toString('hex')}`);
    await dynamo().send(
      new PutCommand({
        TableName: system.runtime.tableNames.core,
        Item: { ...dedupeKey(app.appId, `msg:${msgId}`), kind: 'dedupe', messageId: 'recorded-before' },
      }),
    );
    const before = legacyCallback(app, openId, 'recorded by the previous version', msgId);
    expect((await system.callback(app.appId, before)).status).toBe(200);
    expect((await customerText(system, app, openId, 'after').post()).status).toBe(200);
    await socket.next(isCreatedText('after'));
    // The memory begins, noting that dedupe items may still matter for a while; and they do.
    expect((await storedConversation(system, conversation.conversationId))?.recentInbound).toHaveProperty(
      '~legacy',
    );
    expect((await system.callback(app.appId, before)).status).toBe(200);
    expect((await customerText(system, app, openId, 'marker').post()).status).toBe(200);
    await socket.next(isCreatedText('marker'));
    expect(textsOf(await storedMessages(system, agent.token, conversation.conversationId))).toEqual([
      'hello',
      'after',
      'marker',
    ]);
    expect(socket.frames.filter(isMessageCreated).map((frame) => frame.message.content)).not.toContainEqual({
      type: 'text',
      text: 'recorded by the previous version',
    });
    await socket.close();
  });
});

function legacyCallback(app: TestApp, openId: string, text: string, msgId: bigint) {
  return buildCallback(app, {
    fields: {
      ToUserName: 'gh_0123456789ab',
      FromUserName: openId,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'text',
      Content: text,
      MsgId: msgId,
    },
    format: 'json',
    mode: 'secure',
  });
}

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCustomer } from '../../../shared/store/conversations-repository.ts';
import { listMessages } from '../../../shared/store/messages-repository.ts';
import { buildCallback } from '../../../shared/wechat/callback.ts';
import { startSystem, type TestApp, type TestSystem } from '../../support/system.ts';

/**
 * The callback endpoint of the running system under mutated pushes: every answer is 200 (an untouched
 * push, or one whose change nothing signed covers), 4xx otherwise, never 500, and nothing is stored
 * from a push that was refused.
 */

let system: TestSystem;
let app: TestApp;

beforeAll(async () => {
  system = await startSystem();
  app = await system.addApp({ format: 'json' });
});

afterAll(async () => {
  await system?.stop();
});

describe('the callback endpoint under mutated pushes', () => {
  it('never answers 500 and stores nothing it refused', async () => {
    const statuses = new Map<number, number>();
    let pushes = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<'xml' | 'json'>('xml', 'json'),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 3, unit: 'grapheme' }),
        fc.constantFrom('body', 'signature', 'msg_signature', 'timestamp', 'nonce', 'encrypt_type'),
        async (format, at, inserted, target) => {
          const push = buildCallback(app, {
            fields: {
              ToUserName: 'gh_0123456789ab',
              FromUserName: 'oFuzzCustomer0000000000000000',
              CreateTime: Math.floor(Date.now() / 1000),
              MsgType: 'text',
              Content: '在吗',
              MsgId: BigInt(++pushes),
            },
            format,
            mode: 'secure',
          });
          const query: Record<string, string> = { ...push.query };
          let body = push.body;
          if (target === 'body') {
            const where = at % (body.length + 1);
            body = body.slice(0, where) + inserted + body.slice(where + 1);
          } else {
            const value = query[target] ?? '';
            const where = at % (value.length + 1);
            query[target] = value.slice(0, where) + inserted + value.slice(where + 1);
          }
          const response = await system.callback(app.appId, { query, body });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          expect(response.status).not.toBeGreaterThanOrEqual(500);
        },
      ),
      { numRuns: 300 },
    );
    // Each accepted push stored its message once, as it was signed; a refused one stored nothing.
    const customer = await getCustomer(app.appId, 'oFuzzCustomer0000000000000000');
    const { messages } = await listMessages(customer?.conversationId ?? '', undefined, 1000);
    const stored = messages.filter((message) => message.author === 'customer');
    expect(stored).toHaveLength(statuses.get(200) ?? 0);
    expect(
      stored.every((message) => message.content.type === 'text' && message.content.text === '在吗'),
    ).toBe(true);
    console.info(
      `mutated pushes by status: ${[...statuses].map(([status, n]) => `${status}×${n}`).join(', ')}`,
    );
  }, 300_000);
});

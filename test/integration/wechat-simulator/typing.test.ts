import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCustomer } from '../../../infra/local/wechat-simulator/index.ts';
import { accessToken, type Harness, postJson, SECOND, sendText, startHarness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

async function setup(): Promise<{ token: string; customer: SimulatedCustomer }> {
  const app = h.addApp();
  return { token: await accessToken(h.sim, app), customer: h.sim.customer(app.appId) };
}

const typing = (token: string, touser: string, command: string) =>
  postJson(h.sim, '/cgi-bin/message/custom/typing', token, { touser, command });

describe('custom/typing', () => {
  it('45080 without a customer interaction in the last 30 s', async () => {
    const { token, customer } = await setup();
    expect(await typing(token, customer.openId, 'Typing')).toMatchObject({ errcode: 45080 });
    await customer.say('hi');
    h.advance(30 * SECOND + 1);
    expect(await typing(token, customer.openId, 'Typing')).toMatchObject({ errcode: 45080 });
    await customer.say('still here');
    h.advance(30 * SECOND);
    expect(await typing(token, customer.openId, 'Typing')).toMatchObject({ errcode: 0 });
  });

  it('45081 while already typing; allowed again after 15 s or after CancelTyping', async () => {
    const { token, customer } = await setup();
    await customer.say('hi');
    expect(await typing(token, customer.openId, 'Typing')).toEqual({ errcode: 0, errmsg: 'ok' });
    h.advance(15 * SECOND - 1);
    expect(await typing(token, customer.openId, 'Typing')).toMatchObject({ errcode: 45081 });
    h.advance(1);
    expect(await typing(token, customer.openId, 'Typing')).toMatchObject({ errcode: 0 });
    expect(await typing(token, customer.openId, 'CancelTyping')).toMatchObject({ errcode: 0 });
    expect(await typing(token, customer.openId, 'Typing')).toMatchObject({ errcode: 0 });
    expect(customer.typing.map((entry) => entry.command)).toEqual([
      'Typing',
      'Typing',
      'CancelTyping',
      'Typing',
    ]);
    expect(customer.typing.at(-1)?.at).toBe(h.now());
  });

  it('a custom/send ends the typing state', async () => {
    const { token, customer } = await setup();
    await customer.say('hi');
    expect(await typing(token, customer.openId, 'Typing')).toMatchObject({ errcode: 0 });
    expect(await sendText(h.sim, token, customer.openId, 'here you go')).toMatchObject({ errcode: 0 });
    expect(await typing(token, customer.openId, 'Typing')).toMatchObject({ errcode: 0 });
  });

  it('45072 for an unknown command, 40003 for an unknown customer', async () => {
    const { token, customer } = await setup();
    await customer.say('hi');
    expect(await typing(token, customer.openId, 'typing')).toMatchObject({ errcode: 45072 });
    expect(await typing(token, 'oUNKNOWNxxxxxxxxxxxxxxxxxxxx', 'Typing')).toMatchObject({ errcode: 40003 });
    expect(customer.typing).toHaveLength(0);
  });
});

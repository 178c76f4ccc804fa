/**
 * An agent's customer-service account is one WeChat could have created: "账号前缀@公众号微信号", the
 * prefix at most 10 letters, digits or underscores (addkfaccount). An account WeChat could not have
 * is refused when the admin sets it, not by WeChat (65401) on the agent's every answer.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { kfAccountSchema } from '../../../shared/admin/registration.ts';

const accepts = (account: string) => z.safeParse(kfAccountSchema, account).success;

describe('kfAccountSchema', () => {
  it.each(['bob@shop', 'bob_1@shop-gh', 'a@x', 'abcdefghij@gh_1234567890ab'])('accepts %s', (account) => {
    expect(accepts(account)).toBe(true);
  });

  it.each([
    ['a prefix of 11 characters', 'abcdefghijk@shop'],
    ['a dot in the prefix', 'bob.smith@shop'],
    ['a hyphen in the prefix', 'bob-1@shop'],
    ['no prefix', '@shop'],
    ['no WeChat id', 'bob@'],
    ['a WeChat id of 31 characters', `bob@${'a'.repeat(31)}`],
    ['a dot in the WeChat id', 'bob@shop.cn'],
    ['two @', 'bob@shop@x'],
  ])('refuses %s', (_case, account) => {
    expect(accepts(account)).toBe(false);
  });

  it('says what it must look like', () => {
    const result = z.safeParse(kfAccountSchema, 'bob.smith@shop');
    expect(result.error?.issues[0]?.message).toMatch(/at most 10 letters, digits or _/);
  });
});

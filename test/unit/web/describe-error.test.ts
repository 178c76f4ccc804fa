import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, describeError, describeRefusal, NetworkError } from '../../../web/src/api.ts';
import { failureText } from '../../../web/src/failure-text.ts';
import { setLocale } from '../../../web/src/i18n.ts';

/** The server's `{error:{code,message}}` in the agent's language: by code, never in a validator's words. */

afterEach(() => setLocale('en', false));

describe('describeError', () => {
  it('says a validation error generically, naming the field', () => {
    const zod = new ApiError(400, 'bad_request', 'invalid body', [
      { path: 'content.text', message: 'Too big: expected string to have <=4096 characters' },
    ]);
    expect(describeError(zod)).toBe('Some of what was sent is not valid (content.text).');
    const path = new ApiError(400, 'bad_request', 'conversationId: Invalid ULID');
    expect(describeError(path)).toBe('Some of what was sent is not valid (conversationId).');
    setLocale('zh-CN', false);
    expect(describeError(zod)).toBe('提交的内容有误（content.text）。');
  });

  it('translates by code, and falls back to the server’s sentence for a code it does not know', () => {
    setLocale('zh-CN', false);
    expect(
      describeError(new ApiError(409, 'not_assigned', 'This conversation is not assigned to you.')),
    ).toBe('该会话没有分配给你。');
    expect(describeError(new ApiError(409, 'brand_new', 'Something new.'))).toBe('Something new.');
    expect(describeRefusal('quota_used_up', 'x')).toBe('微信允许的回复条数已用完，需等客户再次发消息。');
    expect(describeError(new NetworkError('fetch failed'))).toBe('无法连接服务器，请检查网络后重试。');
    expect(describeError(new ApiError(503, 'server_error', 'HTTP 503'))).toBe(
      '服务器出现问题（HTTP 503），请稍后重试。',
    );
  });
});

describe('administration refusals', () => {
  it('are said by their own code, not as a bare "forbidden" or "conflict"', () => {
    setLocale('zh-CN', false);
    expect(
      describeError(new ApiError(403, 'owner_only', 'only an owner can manage an agent whose role is admin')),
    ).toBe('只有所有者可以管理管理员和所有者，或把别人设为这两种角色。');
    expect(
      describeError(new ApiError(409, 'last_owner', 'x would leave the workspace without an owner')),
    ).toBe('工作区必须保留一位启用中的所有者：请先把其他人设为所有者。');
    // A 400 of ours with a code is a sentence of ours, not a validator's.
    expect(describeError(new ApiError(400, 'agent_needs_app', 'an agent serves at least one app'))).toBe(
      '客服至少要接待一个应用。',
    );
  });
});

describe('failureText', () => {
  it("says WeChat's refusal by its errcode", () => {
    setLocale('zh-CN', false);
    expect(failureText({ errcode: 45015, reason: 'English sentence' })).toBe(
      '微信 48 小时回复时限已过，需等客户再次发消息。',
    );
    expect(failureText({ errcode: 99999, reason: 'English sentence' })).toBe(
      '微信拒绝了这条消息（错误码 99999）。',
    );
    expect(failureText({ reason: 'Something only the server knows.' })).toBe(
      'Something only the server knows.',
    );
  });
});

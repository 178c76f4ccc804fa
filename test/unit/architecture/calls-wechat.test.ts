/**
 * `callsWeChat` in the manifest says which functions reach WeChat's server API, and so which ones
 * `fixedEgress` puts behind the whitelisted address. It must match the code: a function whose
 * imports (followed through the repository, values only) reach the WeChat client
 * (`shared/wechat/wechat-context.ts`) calls WeChat, and one that does not, does not. A function left
 * out would answer 40164 in production with the whitelist on; one put in for nothing pays the NAT.
 */
import { describe, expect, it } from 'vitest';
import { functions } from '../../../infra/manifest.ts';
import { reachableFiles } from './sources.ts';

const wechatClient = 'shared/wechat/wechat-context.ts';

describe('callsWeChat in infra/manifest.ts', () => {
  it('is set on exactly the functions whose code reaches the WeChat client', () => {
    const declared = Object.entries(functions)
      .filter(([, spec]) => 'callsWeChat' in spec && spec.callsWeChat)
      .map(([name]) => name)
      .sort();
    const reaching = Object.entries(functions)
      .filter(([, spec]) => reachableFiles(spec.entry).has(wechatClient))
      .map(([name]) => name)
      .sort();
    expect(reaching.length).toBeGreaterThan(0);
    expect(declared).toEqual(reaching);
  });
});

import { functionEnv } from '../config/env-names.ts';
import { accessTokenStore } from '../store/access-token-store.ts';
import { type AccessTokenProvider, createAccessTokenProvider } from './access-token-provider.ts';
import { createWeChatApi, defaultWeChatApiBase, type WeChatApi } from './api-client.ts';

export interface WeChatContext {
  wechat: WeChatApi;
  tokens: AccessTokenProvider;
  sleep: (ms: number) => Promise<void>;
}

let context: WeChatContext | undefined;

/** The WeChat client of this process; `WECHAT_API_BASE` points it at a stand-in when one is wanted. */
export function wechatContext(): WeChatContext {
  if (!context) {
    const wechat = createWeChatApi(process.env[functionEnv.wechatApiBase] ?? defaultWeChatApiBase);
    context = {
      wechat,
      tokens: createAccessTokenProvider({ store: accessTokenStore, api: wechat }),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
  }
  return context;
}

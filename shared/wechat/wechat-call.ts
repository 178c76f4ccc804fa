import type { AccessTokenProvider, AppCredentials } from './access-token-provider.ts';
import { WeChatApiError, WeChatUnavailableError } from './api-client.ts';
import { handlingOf } from './api-errors.ts';

/** Pauses between tries of a call WeChat could not take; bounded so a batch never stalls for long. */
const retryDelaysMs = [250, 1000, 3000];

export interface CallContext {
  tokens: AccessTokenProvider;
  sleep: (ms: number) => Promise<void>;
  /** Overrides the pauses between tries; empty for calls not worth retrying. */
  retryDelaysMs?: readonly number[];
}

function retryable(error: unknown): boolean {
  if (error instanceof WeChatUnavailableError) return true;
  return error instanceof WeChatApiError && handlingOf(error.errcode) === 'retry';
}

/**
 * Calls a WeChat API with the app's access token: a refused token is refreshed and the call made
 * once more; "busy" answers and transport failures are retried with backoff a bounded number of
 * times; anything else is thrown to the caller as it came.
 */
export async function callWeChat<T>(
  app: AppCredentials,
  context: CallContext,
  call: (accessToken: string) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const token = await context.tokens.get(app);
      try {
        return await call(token);
      } catch (error) {
        if (!(error instanceof WeChatApiError) || handlingOf(error.errcode) !== 'refresh-token') throw error;
        return await call(await context.tokens.get(app, token));
      }
    } catch (error) {
      const delay = (context.retryDelaysMs ?? retryDelaysMs)[attempt];
      if (delay === undefined || !retryable(error)) throw error;
      await context.sleep(delay);
    }
  }
}

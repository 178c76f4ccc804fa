/**
 * Names the logs and metrics are found by, shared by the functions, the CDK stack and the local
 * runtime. Kept apart from `logger.ts` and `metrics.ts` so that reading a name creates no Logger.
 */

/** A manifest function's service name in logs and metrics: `wechatCallback` → `wechat-callback`. */
export function serviceNameOf(functionName: string): string {
  return functionName.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** Where `POWERTOOLS_SERVICE_NAME` is unset (the local runtime runs every function in one process). */
export const defaultServiceName = 'wechat-cs';

/** Where `POWERTOOLS_METRICS_NAMESPACE` is unset; the stack sets its own name, `WeChatCs` by default. */
export const defaultMetricsNamespace = 'WeChatCs';

export const metricNames = {
  /** A callback answered 4xx: dimension `reason` (signature_mismatch, malformed_body, unknown_app, …). */
  callbackRejected: 'CallbackRejected',
  /** An outbound message recorded `failed`: dimension `errcode` (WeChat's, or `none`). */
  sendFailed: 'SendFailed',
} as const;

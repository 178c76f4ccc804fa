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
  /** A customer's message (or event) that reached the stream consumer: inbound traffic. */
  messageReceived: 'MessageReceived',
  /**
   * A push that is no conversation's business (delivery reports, events the system does not act on),
   * stored for audit: dimensions `pushClass` and `kind` (the Event, or the MsgType).
   */
  pushSetAside: 'PushSetAside',
  /** An outbound message WeChat took. */
  messageSent: 'MessageSent',
  /** Milliseconds from an outbound message being written (`pending`) to WeChat taking it. */
  sendLatency: 'SendLatency',
  /**
   * A customer's picture, voice, video or thumbnail we could not keep a copy of: dimension `reason`
   * (expired, refused, too-large, wrong-type, unreachable).
   */
  mediaUnavailable: 'MediaUnavailable',
  /** A machine transcript of a customer's voice that did not come: dimension `stage` (start, job, record). */
  machineTranscriptFailed: 'MachineTranscriptFailed',
  /** Agents with a console connected, sampled by the housekeeping every minute. */
  agentsConnected: 'AgentsConnected',
} as const;

/**
 * WeChat's answers meaning that the caller's address is not on the app's IP whitelist (IP白名单):
 * 40164 "invalid ip, not in whitelist", 61004 "access clientip is not registered". The stack alarms
 * on `SendFailed` with these errcodes.
 */
export const ipNotWhitelistedErrcodes = [40164, 61004] as const;

/**
 * The notable events that get a log line and a metric of their own. Each line names what happened
 * and what it happened to (ids and codes), and never what was secret or written: no token, key,
 * signature or message text.
 */

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { DeliveryFailure, MediaUnavailable, Message } from '../domain/message.ts';
import { HttpError } from '../http/http-error.ts';
import { WeChatApiError, WeChatUnavailableError } from '../wechat/api-client.ts';
import { logger } from './logger.ts';
import { metrics } from './metrics.ts';
import { metricNames } from './names.ts';

const wellFormedAppId = /^wx[0-9a-f]{16}$/i;

/**
 * An app id from a URL as it may be logged: a well-formed one whole, anything else (a probe, a typo)
 * cut short, so that a caller cannot write long text into the logs.
 */
export function loggableAppId(appId: string): string {
  if (wellFormedAppId.test(appId)) return appId;
  return appId.length > 24 ? `${appId.slice(0, 24)}…` : appId;
}

/** Why a callback was refused, as logged and counted: the answer's error code, 404 named for what it means. */
function rejectionReason(error: HttpError): string {
  return error.code === 'not_found' ? 'unknown_app' : error.code;
}

/**
 * For the WeChat callback, after the error handler in the chain (so that its `onError` runs first):
 * every request answered with an HttpError (401 bad signature, 400 malformed, 404 unknown app, 413
 * too large) leaves one warning and counts `CallbackRejected` by reason. The error's message is not
 * logged, since a parser's message may quote the body; other errors are the error handler's to log.
 */
export function callbackRejections(): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    onError: (request) => {
      const { error, event } = request;
      if (!(error instanceof HttpError)) return;
      const reason = rejectionReason(error);
      logger.warn('callback rejected', {
        status: error.statusCode,
        reason,
        appId: loggableAppId(event.pathParameters?.appId ?? ''),
        method: event.requestContext.http.method,
      });
      metrics.addDimension('reason', reason);
      metrics.addMetric(metricNames.callbackRejected, MetricUnit.Count, 1);
    },
  };
}

/**
 * An outbound message WeChat did not take (refused, or retries given up): one error line with the
 * ids, WeChat's errcode and the sentence the agent sees, and `SendFailed` counted by errcode.
 */
export function sendFailed(message: Message, failure: DeliveryFailure, cause: unknown): void {
  logger.error('send to WeChat failed', {
    appId: message.appId,
    conversationId: message.conversationId,
    messageId: message.messageId,
    author: message.author,
    contentType: message.content.type,
    errcode: failure.errcode,
    reason: failure.reason,
    ...wechatDetail(cause),
  });
  // A metric of its own: a batch may fail several messages with different errcodes.
  const metric = metrics.singleMetric();
  metric.addDimension('errcode', failure.errcode === undefined ? 'none' : String(failure.errcode));
  metric.addMetric(metricNames.sendFailed, MetricUnit.Count, 1);
}

/**
 * A customer's medium we could not keep a copy of (WeChat's id expired or refused, a file too large
 * or of the wrong type, no answer) or cannot play (a voice's broken frames): one warning with the ids and the reason, and `MediaUnavailable`
 * counted by reason.
 */
export function mediaUnavailable(
  message: Message,
  part: 'storageKey' | 'thumbStorageKey',
  unavailable: MediaUnavailable,
  cause: unknown,
): void {
  const what =
    unavailable.reason === 'corrupt'
      ? 'kept a customer medium that cannot be played'
      : 'could not keep a copy of a customer medium';
  logger.warn(what, {
    appId: message.appId,
    conversationId: message.conversationId,
    messageId: message.messageId,
    contentType: message.content.type,
    part: part === 'thumbStorageKey' ? 'thumbnail' : 'medium',
    reason: unavailable.reason,
    errcode: unavailable.errcode,
    // A download's errors name no URL (WeChat's video_url carries a signature).
    ...(cause instanceof WeChatApiError ||
    cause instanceof WeChatUnavailableError ||
    !(cause instanceof Error)
      ? wechatDetail(cause)
      : { cause: cause.message.slice(0, 200) }),
  });
  const metric = metrics.singleMetric();
  metric.addDimension('reason', unavailable.reason);
  metric.addMetric(metricNames.mediaUnavailable, MetricUnit.Count, 1);
}

/**
 * A machine transcript of a customer's voice that will not come: the job could not be started, it
 * failed at Transcribe, or its output could not be recorded. One warning and `MachineTranscriptFailed`
 * by stage; the agent still has the voice to play.
 */
export function machineTranscriptFailed(
  message: Pick<Message, 'conversationId' | 'messageId'>,
  stage: 'start' | 'job' | 'record',
  cause: string,
): void {
  logger.warn('no machine transcript of a customer voice', {
    conversationId: message.conversationId,
    messageId: message.messageId,
    stage,
    cause: cause.slice(0, 200),
  });
  const metric = metrics.singleMetric();
  metric.addDimension('stage', stage);
  metric.addMetric(metricNames.machineTranscriptFailed, MetricUnit.Count, 1);
}

/** A customer's message or event handed to the stream consumer, counted once (`MessageReceived`). */
export function messageReceived(): void {
  metrics.addMetric(metricNames.messageReceived, MetricUnit.Count, 1);
}

/** An outbound message WeChat took: `MessageSent`, and `SendLatency` from its writing to now. */
export function messageSent(message: Message, sentAt: number): void {
  metrics.addMetric(metricNames.messageSent, MetricUnit.Count, 1);
  metrics.addMetric(
    metricNames.sendLatency,
    MetricUnit.Milliseconds,
    Math.max(0, sentAt - message.createdAt),
  );
}

/** A sample of how many agents have a console connected (`AgentsConnected`). */
export function agentsConnected(count: number): void {
  metrics.addMetric(metricNames.agentsConnected, MetricUnit.Count, count);
}

/** What WeChat (or the way to it) said, for whoever has to ask WeChat about it; never a URL (tokens). */
function wechatDetail(cause: unknown): Record<string, string> {
  if (cause instanceof WeChatApiError) return { api: cause.api, errmsg: cause.errmsg.slice(0, 200) };
  if (cause instanceof WeChatUnavailableError) return { api: cause.api, cause: cause.message.slice(0, 200) };
  return {};
}

/**
 * A push stored for audit only, counted by what it was, so an operator sees what WeChat sends that
 * nobody acts on (`PushSetAside`).
 */
export function pushSetAside(pushClass: string, kind: string): void {
  logger.info('push set aside', { pushClass, kind });
  const metric = metrics.singleMetric();
  metric.addDimension('pushClass', pushClass);
  metric.addDimension('kind', kind);
  metric.addMetric(metricNames.pushSetAside, MetricUnit.Count, 1);
}

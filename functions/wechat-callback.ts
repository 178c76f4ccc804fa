/**
 * WeChat's callback URL: the server-URL handshake (GET) and customers' messages (POST). It checks,
 * decrypts, parses and stores, then answers `success` at once; everything else happens behind the
 * message log's stream, because WeChat gives us five seconds before it retries.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { rankAssigneesForNew } from '../shared/conversations/assignee-picker.ts';
import { recordInboundMessage } from '../shared/conversations/inbound-recorder.ts';
import { markIfLeftMessage } from '../shared/conversations/left-message-marker.ts';
import { drainQueue } from '../shared/conversations/queue-drainer.ts';
import type { Queue } from '../shared/domain/queue.ts';
import { selectQueue } from '../shared/domain/queue-selection.ts';
import { httpErrorHandler } from '../shared/http/error-handler.ts';
import { HttpError, notFound } from '../shared/http/http-error.ts';
import { rawBody } from '../shared/http/request.ts';
import { type HttpResult, text } from '../shared/http/responses.ts';
import { getAppCached } from '../shared/store/app-cache.ts';
import { listQueues } from '../shared/store/queues-repository.ts';
import { openCallback, verifyUrlHandshake } from '../shared/wechat/callback.ts';
import {
  AppIdMismatchError,
  InvalidAesKeyError,
  SignatureMismatchError,
  WeChatProtocolError,
} from '../shared/wechat/errors.ts';
import { toMessageContent } from '../shared/wechat/message-content.ts';
import { dedupeKey } from '../shared/wechat/parse-inbound-message.ts';

/** Customer-service pushes are a few KB; anything far larger is not from WeChat. */
const maxBodyBytes = 64 * 1024;

function asHttpError(error: unknown): unknown {
  // A malformed stored key is our configuration's fault, not WeChat's: let it surface as a 500.
  if (!(error instanceof WeChatProtocolError) || error instanceof InvalidAesKeyError) return error;
  const status = error instanceof SignatureMismatchError || error instanceof AppIdMismatchError ? 401 : 400;
  return new HttpError(status, error.code, error.message);
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(httpErrorHandler())
  .handler(async (event) => {
    const appId = event.pathParameters?.appId ?? '';
    const app = await getAppCached(appId);
    if (!app) throw notFound(`no WeChat app ${appId} is registered`);
    const credentials = { appId: app.appId, token: app.token, encodingAesKey: app.encodingAesKey };
    const query = event.queryStringParameters ?? {};

    if (event.requestContext.http.method === 'GET') {
      try {
        return text(200, verifyUrlHandshake(credentials, query));
      } catch (error) {
        throw asHttpError(error);
      }
    }

    const body = rawBody(event);
    if (Buffer.byteLength(body) > maxBodyBytes) {
      throw new HttpError(413, 'too_large', `a callback body may not exceed ${maxBodyBytes} bytes`);
    }
    let opened: ReturnType<typeof openCallback>;
    try {
      opened = openCallback(credentials, { query, body });
    } catch (error) {
      throw asHttpError(error);
    }
    const { message } = opened;
    // Only a customer who opens a conversation needs the app's queues: read them then, once.
    let queues: Promise<Queue[]> | undefined;
    const appQueues = () => {
      queues ??= listQueues(app);
      return queues;
    };
    const recorded = await recordInboundMessage(
      {
        workspaceId: app.workspaceId,
        appId: app.appId,
        appType: app.type,
        openId: message.fromOpenId,
        dedupeKey: dedupeKey(message),
        content: toMessageContent(message),
        wechatMsgId: 'msgId' in message ? message.msgId : undefined,
        wechatCreateTime: message.createTime,
        queueFor: async (sessionFrom) => selectQueue(await appQueues(), sessionFrom),
      },
      rankAssigneesForNew,
    );
    if (recorded.outcome === 'stored' && recorded.conversation.state === 'queued') {
      const { conversation, message: stored } = recorded;
      if (stored.opened) {
        const queue = (await appQueues()).find((candidate) => candidate.queueId === conversation.queueId);
        if (queue) await markIfLeftMessage(queue, conversation, Date.now());
      }
      // A newcomer queues behind earlier arrivals; if an agent is free meanwhile, the line moves now.
      await drainQueue(conversation);
    }
    return text(200, 'success');
  });

/**
 * WeChat's callback URL: the server-URL handshake (GET) and WeChat's pushes (POST). It checks,
 * decrypts, parses and stores, then answers `success` at once; everything else happens behind the
 * message log's stream, because WeChat gives us five seconds before it retries.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { receivePush } from '../shared/conversations/receive-push.ts';
import { idShapeRules, idShapes } from '../shared/domain/ids.ts';
import { httpErrorHandler } from '../shared/http/error-handler.ts';
import { HttpError, notFound } from '../shared/http/http-error.ts';
import { rawBody } from '../shared/http/request.ts';
import { type HttpResult, text } from '../shared/http/responses.ts';
import { callbackRejections } from '../shared/observability/events.ts';
import { requestObservability } from '../shared/observability/invocation.ts';
import { logger } from '../shared/observability/logger.ts';
import { getAppCached } from '../shared/store/app-cache.ts';
import { openCallback, verifyUrlHandshake } from '../shared/wechat/callback.ts';
import {
  AppIdMismatchError,
  InvalidAesKeyError,
  SignatureMismatchError,
  StaleTimestampError,
  WeChatProtocolError,
} from '../shared/wechat/errors.ts';
import { dedupeKey } from '../shared/wechat/parse-inbound-message.ts';

/** The routes this function answers: GET is the server-URL handshake, POST a pushed message. */
export const routeKeys = ['GET /wechat/{appId}', 'POST /wechat/{appId}'];

/** Customer-service pushes are a few KB; anything far larger is not from WeChat. */
const maxBodyBytes = 64 * 1024;

function asHttpError(error: unknown): unknown {
  // A malformed stored key is our configuration's fault, not WeChat's: let it surface as a 500.
  if (!(error instanceof WeChatProtocolError) || error instanceof InvalidAesKeyError) return error;
  const unauthenticated =
    error instanceof SignatureMismatchError ||
    error instanceof StaleTimestampError ||
    error instanceof AppIdMismatchError;
  const status = unauthenticated ? 401 : 400;
  return new HttpError(status, error.code, error.message);
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  .use(requestObservability())
  .use(httpErrorHandler())
  .use(callbackRejections())
  .handler(async (event) => {
    // A malformed AppID is a 400 before anything is looked up (and never a key too long to look up).
    const appId = event.pathParameters?.appId;
    if (appId === undefined || !idShapes.appId.test(appId)) {
      throw new HttpError(400, 'malformed_app_id', `appId: ${idShapeRules.appId}`);
    }
    const app = await getAppCached(appId);
    // A disabled app is answered like an unknown one, before anything is read or stored.
    if (!app || app.disabled) throw notFound(`no WeChat app ${appId} is registered`);
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
    // WeChat's retries of this message share it, across invocations.
    logger.setCorrelationId(`${app.appId}/${dedupeKey(message)}`);
    await receivePush(app, message);
    return text(200, 'success');
  });

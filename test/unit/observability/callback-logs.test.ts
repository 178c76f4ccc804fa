/**
 * What the WeChat callback function writes when it refuses a callback, fails, or succeeds: the real
 * handler (middy chain included) with the app lookup replaced, its stdout and stderr captured.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WeChatApp } from '../../../shared/domain/app.ts';
import { buildCallback } from '../../../shared/wechat/callback.ts';
import { computeSignature } from '../../../shared/wechat/signature.ts';
import { captureOutput, metricNamesOf } from './capture-output.ts';

// vitest.config.ts silences Powertools for every test; these are about what it writes. Before any import,
// since the Logger and Metrics read their settings once, when created.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

const apps = vi.hoisted(() => new Map<string, unknown>());
vi.mock('../../../shared/store/app-cache.ts', () => ({
  getAppCached: async (appId: string) => apps.get(appId),
}));

const { handler } = await import('../../../functions/wechat-callback.ts');

const secretText = '请把订单 SECRET-ORDER-4711 退货';

const encryptedApp: WeChatApp = {
  appId: 'wx0123456789abcdef',
  workspaceId: 'w',
  type: 'miniprogram',
  name: 'Encrypted',
  format: 'xml',
  token: 'TokenOfTheEncryptedApp1',
  encodingAesKey: 'AesKeyAesKeyAesKeyAesKeyAesKeyAesKeyAesKey0',
  secret: 'SecretSecretSecret0123',
  createdAt: 0,
};

const plainApp: WeChatApp = {
  ...encryptedApp,
  appId: 'wxfedcba9876543210',
  name: 'Plain',
  token: 'TokenOfThePlainApp22',
  encodingAesKey: undefined,
};

const context = {
  functionName: 'WeChatCs-WechatCallback',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-east-1:123456789012:function:WeChatCs-WechatCallback',
  memoryLimitInMB: '512',
  awsRequestId: 'lambda-request-1',
  logGroupName: '/aws/lambda/WeChatCs-WechatCallback',
  logStreamName: 'stream',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000,
} as Context;

let requests = 0;

/** WeChat's timestamp for a request sent now (a stale one is refused on its own). */
function now(): string {
  return String(Math.floor(Date.now() / 1000));
}

function callbackEvent(
  appId: string,
  request: { query: Record<string, string>; body?: string },
  method: 'GET' | 'POST' = 'POST',
): APIGatewayProxyEventV2 {
  const requestId = `apigw-request-${++requests}`;
  return {
    version: '2.0',
    routeKey: `${method} /wechat/{appId}`,
    rawPath: `/wechat/${appId}`,
    rawQueryString: new URLSearchParams(request.query).toString(),
    headers: { 'content-type': 'text/xml' },
    queryStringParameters: request.query,
    pathParameters: { appId },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: {
        method,
        path: `/wechat/${appId}`,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.9',
        userAgent: 'Mozilla',
      },
      requestId,
      routeKey: `${method} /wechat/{appId}`,
      stage: '$default',
      time: '04/Dec/2025:10:00:00 +0000',
      timeEpoch: 0,
    },
    body: request.body,
    isBase64Encoded: false,
  };
}

function textMessage(msgId = 9_000_000_000_000_000_123n) {
  return {
    ToUserName: 'gh_0123456789ab',
    FromUserName: 'oCustomerOpenId0000000001',
    CreateTime: 1_764_842_400,
    MsgType: 'text',
    Content: secretText,
    MsgId: msgId,
  };
}

function secureCallback() {
  return buildCallback(encryptedApp, { fields: textMessage(), format: 'xml', mode: 'secure' });
}

/** Runs the handler with its output captured; returns the answer's status and the output. */
async function invoke(event: APIGatewayProxyEventV2) {
  let status = 0;
  const output = await captureOutput(async () => {
    const result = await handler(event, context);
    status = typeof result === 'object' && result ? (result.statusCode ?? 0) : 0;
  });
  return { status, output };
}

/** Nothing secret or written by the customer: the app's token, key and secret, the signatures, the body. */
function expectNoSecrets(text: string, event: APIGatewayProxyEventV2) {
  for (const app of [encryptedApp, plainApp]) {
    expect(text).not.toContain(app.token);
    expect(text).not.toContain(app.secret);
    if (app.encodingAesKey) expect(text).not.toContain(app.encodingAesKey);
  }
  for (const name of ['signature', 'msg_signature', 'nonce', 'echostr']) {
    const value = event.queryStringParameters?.[name];
    if (value) expect(text).not.toContain(value);
  }
  expect(text).not.toContain('SECRET-ORDER-4711');
  if (event.body) expect(text).not.toContain(event.body.slice(0, 40));
  const encrypt = event.body?.match(/<Encrypt><!\[CDATA\[([^\]]+)/)?.[1];
  if (encrypt) expect(text).not.toContain(encrypt.slice(0, 24));
}

beforeEach(() => {
  apps.clear();
  apps.set(encryptedApp.appId, encryptedApp);
  apps.set(plainApp.appId, plainApp);
});

describe('a rejected callback', () => {
  it('leaves exactly one warning with status, reason, app id and the request id, and counts it', async () => {
    const built = secureCallback();
    const event = callbackEvent(encryptedApp.appId, {
      query: { ...built.query, msg_signature: 'a'.repeat(40) },
      body: built.body,
    });
    const { status, output } = await invoke(event);

    expect(status).toBe(401);
    const logs = output.logs();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: 'WARN',
      message: 'callback rejected',
      status: 401,
      reason: 'signature_mismatch',
      appId: encryptedApp.appId,
      method: 'POST',
      correlation_id: event.requestContext.requestId,
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
    });
    expectNoSecrets(output.text(), event);

    const [metric, ...more] = output.metrics();
    expect(more).toEqual([]);
    expect(metricNamesOf(metric ?? {})).toEqual(['CallbackRejected']);
    expect(metric).toMatchObject({ CallbackRejected: 1, reason: 'signature_mismatch' });
    expect(metric?._aws).toMatchObject({ CloudWatchMetrics: [{ Namespace: 'WeChatCs' }] });
  });

  it('says malformed_body for a body that is not WeChat’s, without quoting it', async () => {
    const timestamp = now();
    const nonce = '424242';
    const event = callbackEvent(plainApp.appId, {
      query: { signature: computeSignature(plainApp.token, timestamp, nonce), timestamp, nonce },
      body: `<xml><Content>${secretText}</Content><Broken>`,
    });
    const { status, output } = await invoke(event);

    expect(status).toBe(400);
    expect(output.logs()).toEqual([
      expect.objectContaining({
        level: 'WARN',
        status: 400,
        reason: 'malformed_body',
        appId: plainApp.appId,
      }),
    ]);
    expect(output.metrics()).toEqual([
      expect.objectContaining({ CallbackRejected: 1, reason: 'malformed_body' }),
    ]);
    expectNoSecrets(output.text(), event);
  });

  it('says stale_timestamp for a genuine callback sent long ago (replayed or late)', async () => {
    const old = buildCallback(encryptedApp, {
      fields: textMessage(),
      format: 'xml',
      mode: 'secure',
      timestamp: String(Math.floor(Date.now() / 1000) - 3600),
    });
    const event = callbackEvent(encryptedApp.appId, old);
    const { status, output } = await invoke(event);

    expect(status).toBe(401);
    expect(output.logs()).toEqual([expect.objectContaining({ status: 401, reason: 'stale_timestamp' })]);
    expect(output.metrics()).toEqual([
      expect.objectContaining({ CallbackRejected: 1, reason: 'stale_timestamp' }),
    ]);
    expectNoSecrets(output.text(), event);
  });

  it('says malformed_app_id for an id that is no AppID, and cuts a long made-up id short', async () => {
    const probe = `wx${'A'.repeat(200)}<script>`;
    const event = callbackEvent(probe, secureCallback());
    const { status, output } = await invoke(event);

    expect(status).toBe(400);
    const logs = output.logs();
    expect(logs).toEqual([expect.objectContaining({ status: 400, reason: 'malformed_app_id' })]);
    expect(logs[0]?.appId).toBe(`${probe.slice(0, 24)}…`);
    expect(output.text()).not.toContain('<script>');
    expect(output.metrics()).toEqual([
      expect.objectContaining({ CallbackRejected: 1, reason: 'malformed_app_id' }),
    ]);
    expectNoSecrets(output.text(), event);
  });

  it('says unknown_app for a well-formed AppID nobody registered', async () => {
    const event = callbackEvent('wx00000000000000aa', secureCallback());
    const { status, output } = await invoke(event);

    expect(status).toBe(404);
    expect(output.logs()).toEqual([
      expect.objectContaining({ status: 404, reason: 'unknown_app', appId: 'wx00000000000000aa' }),
    ]);
    expect(output.metrics()).toEqual([
      expect.objectContaining({ CallbackRejected: 1, reason: 'unknown_app' }),
    ]);
  });

  it('logs a refused server-URL handshake the same way', async () => {
    const event = callbackEvent(
      encryptedApp.appId,
      {
        query: {
          signature: 'f'.repeat(40),
          timestamp: now(),
          nonce: '918273645',
          echostr: 'echo-5551212',
        },
      },
      'GET',
    );
    const { status, output } = await invoke(event);

    expect(status).toBe(401);
    expect(output.logs()).toEqual([
      expect.objectContaining({ status: 401, reason: 'signature_mismatch', method: 'GET' }),
    ]);
    expectNoSecrets(output.text(), event);
  });
});

describe('an accepted handshake', () => {
  it('writes nothing: no log line, and no metric or warning about having none', async () => {
    const timestamp = now();
    const nonce = '77';
    const signature = computeSignature(plainApp.token, timestamp, nonce);
    const event = callbackEvent(
      plainApp.appId,
      { query: { signature, timestamp, nonce, echostr: 'e' } },
      'GET',
    );
    const { status, output } = await invoke(event);

    expect(status).toBe(200);
    expect(output.lines).toEqual([]);
  });
});

describe('an unexpected error', () => {
  it('is logged once with its stack and the request id, never the request, and answered 500', async () => {
    const failing = new Error('the store is down');
    const event = callbackEvent(encryptedApp.appId, secureCallback());
    vi.spyOn(apps, 'get').mockImplementationOnce(() => {
      throw failing;
    });
    const { status, output } = await invoke(event);

    expect(status).toBe(500);
    const logs = output.logs();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: 'ERROR',
      message: 'unhandled error',
      routeKey: 'POST /wechat/{appId}',
      correlation_id: event.requestContext.requestId,
      error: { name: 'Error', message: 'the store is down' },
    });
    expect(logs[0]?.error).toMatchObject({ stack: expect.stringContaining('callback-logs.test.ts') });
    expect(output.metrics()).toEqual([]);
    expectNoSecrets(output.text(), event);
  });

  it('after the message was read carries the message as correlation id: app id and MsgId', async () => {
    // No table is configured in a unit test, so storing the message fails, after parsing.
    const event = callbackEvent(encryptedApp.appId, secureCallback());
    const { status, output } = await invoke(event);

    expect(status).toBe(500);
    expect(output.logs()).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        correlation_id: `${encryptedApp.appId}/msg:9000000000000000123`,
      }),
    ]);
    expectNoSecrets(output.text(), event);
  });
});

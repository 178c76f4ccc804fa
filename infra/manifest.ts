/**
 * What runs where, declared once. The CDK stack and the local runtime both read this file, so the
 * laptop and the cloud cannot drift apart: adding a route or a trigger is one line here.
 */
import type { TableId } from '../shared/store/tables.ts';

export type TableAccess = 'read' | 'readWrite';

export interface FunctionSpec {
  /** Source file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly tables: Partial<Record<TableId, TableAccess>>;
  /** Needs the WebSocket `@connections` management API (gets `WS_CALLBACK_URL`). */
  readonly managesConnections?: boolean;
  /** Needs the JWT signing key. */
  readonly signsTokens?: boolean;
  /** Reads or writes the media bucket (gets `MEDIA_BUCKET`). */
  readonly media?: TableAccess;
}

export const functions = {
  wechatCallback: {
    entry: 'functions/wechat-callback.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { core: 'readWrite', messages: 'readWrite' },
  },
  api: {
    entry: 'functions/api.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { core: 'readWrite', messages: 'readWrite' },
    signsTokens: true,
    media: 'readWrite',
  },
  wsAuthorize: {
    entry: 'functions/ws-authorize.ts',
    memoryMb: 256,
    timeoutSeconds: 5,
    tables: {},
    signsTokens: true,
  },
  wsConnect: {
    entry: 'functions/ws-connect.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    // An agent coming online takes waiting customers (assignments are written to the log).
    tables: { core: 'readWrite', messages: 'readWrite', connections: 'readWrite' },
  },
  wsDisconnect: {
    entry: 'functions/ws-disconnect.ts',
    memoryMb: 256,
    timeoutSeconds: 5,
    tables: { core: 'readWrite', connections: 'readWrite' },
  },
  wsMessage: {
    entry: 'functions/ws-message.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    tables: { core: 'readWrite', messages: 'readWrite' },
  },
  housekeeping: {
    entry: 'functions/housekeeping.ts',
    memoryMb: 256,
    timeoutSeconds: 60,
    tables: { core: 'readWrite', messages: 'readWrite' },
  },
  dispatch: {
    entry: 'functions/dispatch.ts',
    memoryMb: 512,
    // Sending to WeChat retries a busy WeChat for a few seconds; the batch must outlast that.
    timeoutSeconds: 60,
    tables: { core: 'readWrite', messages: 'readWrite', connections: 'readWrite' },
    managesConnections: true,
    media: 'readWrite',
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRouteSpec {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/wechat/{appId}`. */
  readonly path: string;
  readonly function: FunctionName;
}

export const httpRoutes: readonly HttpRouteSpec[] = [
  { method: 'GET', path: '/wechat/{appId}', function: 'wechatCallback' },
  { method: 'POST', path: '/wechat/{appId}', function: 'wechatCallback' },
  { method: 'POST', path: '/api/auth/login', function: 'api' },
  { method: 'POST', path: '/api/auth/refresh', function: 'api' },
  { method: 'GET', path: '/api/me', function: 'api' },
  { method: 'PUT', path: '/api/me/status', function: 'api' },
  { method: 'GET', path: '/api/conversations', function: 'api' },
  { method: 'GET', path: '/api/conversations/{conversationId}/messages', function: 'api' },
  { method: 'POST', path: '/api/conversations/{conversationId}/messages', function: 'api' },
  { method: 'POST', path: '/api/conversations/{conversationId}/typing', function: 'api' },
  { method: 'POST', path: '/api/conversations/{conversationId}/close', function: 'api' },
  { method: 'POST', path: '/api/conversations/{conversationId}/accept', function: 'api' },
  { method: 'POST', path: '/api/conversations/{conversationId}/reopen', function: 'api' },
  { method: 'POST', path: '/api/conversations/{conversationId}/transfer', function: 'api' },
  { method: 'GET', path: '/api/conversations/{conversationId}/transfer-targets', function: 'api' },
  { method: 'GET', path: '/api/queues', function: 'api' },
  { method: 'GET', path: '/api/admin/queues', function: 'api' },
  { method: 'PUT', path: '/api/admin/queues/{appId}/{queueId}', function: 'api' },
  { method: 'PUT', path: '/api/admin/queues/{appId}/{queueId}/members', function: 'api' },
  { method: 'POST', path: '/api/media', function: 'api' },
];

/** Origins allowed to call the HTTP API from a browser (the console is served from elsewhere). */
export const httpCors = {
  allowHeaders: ['authorization', 'content-type'],
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as HttpMethod[],
  maxAgeSeconds: 600,
};

export interface WebSocketRouteSpec {
  /** `$connect`, `$disconnect`, `$default`, or the value of the frame's `action` field. */
  readonly routeKey: string;
  readonly function: FunctionName;
  /** The handler's returned body is sent back to the calling socket (two-way route). */
  readonly returnResponse?: boolean;
}

export const webSocket = {
  routeSelectionExpression: '$request.body.action',
  /** `$connect` is authorized by this function; the token travels in the query string. */
  authorizer: { function: 'wsAuthorize' as FunctionName, queryParameter: 'token' },
  routes: [
    { routeKey: '$connect', function: 'wsConnect' },
    { routeKey: '$disconnect', function: 'wsDisconnect' },
    { routeKey: '$default', function: 'wsMessage', returnResponse: true },
    { routeKey: 'ping', function: 'wsMessage', returnResponse: true },
    { routeKey: 'send', function: 'wsMessage', returnResponse: true },
    { routeKey: 'typing', function: 'wsMessage', returnResponse: true },
    { routeKey: 'close', function: 'wsMessage', returnResponse: true },
    { routeKey: 'accept', function: 'wsMessage', returnResponse: true },
    { routeKey: 'reopen', function: 'wsMessage', returnResponse: true },
    { routeKey: 'transfer', function: 'wsMessage', returnResponse: true },
  ] satisfies WebSocketRouteSpec[],
} as const;

export interface StreamTriggerSpec {
  readonly table: TableId;
  readonly function: FunctionName;
  readonly batchSize: number;
  /** Retries of a failing batch before its records go to the on-failure destination. */
  readonly retryAttempts: number;
  readonly maxRecordAgeSeconds: number;
  readonly bisectBatchOnError: boolean;
}

export const streamTriggers: readonly StreamTriggerSpec[] = [
  {
    table: 'messages',
    function: 'dispatch',
    batchSize: 25,
    retryAttempts: 5,
    maxRecordAgeSeconds: 3600,
    bisectBatchOnError: true,
  },
];

export interface ScheduleSpec {
  readonly function: FunctionName;
  readonly rateSeconds: number;
}

/** Periodic work, so that nothing depends on one lucky request. */
export const schedules: readonly ScheduleSpec[] = [{ function: 'housekeeping', rateSeconds: 60 }];

/**
 * Environment variables every function receives, beside the table names
 * (`TableDefinition.envVar`), `WS_CALLBACK_URL` for functions that manage connections and the JWT
 * key reference for functions that sign or verify tokens.
 */
export const jwtEnv = {
  /** Cloud: ARN of the Secrets Manager secret holding the signing key. */
  secretArn: 'JWT_SECRET_ARN',
  /** Local runtime: the key itself (generated once per data folder). */
  secret: 'JWT_SECRET',
} as const;

export const wsCallbackUrlEnv = 'WS_CALLBACK_URL';

/** Name of the bucket holding pictures (agents' uploads, copies of customers' images). */
export const mediaBucketEnv = 'MEDIA_BUCKET';

/** Base URL of WeChat's server API; unset in the cloud (WeChat itself), the simulator locally. */
export const wechatApiBaseEnv = 'WECHAT_API_BASE';

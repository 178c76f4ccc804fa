/**
 * What runs where, declared once. The CDK stack and the local runtime both read this file, so the
 * laptop and the cloud cannot drift apart: adding a route or a trigger is one line here.
 */
import { functionEnv } from '../shared/config/env-names.ts';
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
  /**
   * Calls WeChat's server API (access tokens, sending, typing, media): with the stack's `fixedEgress`
   * these functions reach the internet through one NAT gateway, whose address WeChat's IP whitelist
   * must list. Keep it true for every function that does, or WeChat answers 40164/61004.
   */
  readonly callsWeChat?: boolean;
  /**
   * Starts Amazon Transcribe jobs on customers' voices (cloud only): gets the deployment's job-name
   * prefix (`TRANSCRIPTION_JOB_PREFIX`) and the right to start jobs.
   */
  readonly startsTranscriptions?: boolean;
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
    // Ending a session closes the sockets opened with it.
    tables: { core: 'readWrite', messages: 'readWrite', connections: 'readWrite' },
    managesConnections: true,
    signsTokens: true,
    media: 'readWrite',
    callsWeChat: true,
  },
  adminApi: {
    entry: 'functions/admin-api.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    // Changing a queue's members hands its waiting customers out (assignments are written to the
    // log); disabling an agent closes their sockets.
    tables: { core: 'readWrite', messages: 'readWrite', connections: 'readWrite' },
    managesConnections: true,
    signsTokens: true,
    // Checking an app's credentials asks WeChat for an access token.
    callsWeChat: true,
  },
  wsAuthorize: {
    entry: 'functions/ws-authorize.ts',
    memoryMb: 256,
    timeoutSeconds: 5,
    // A token is honoured only while its session exists and its agent is enabled.
    tables: { core: 'read' },
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
    // A picture, card, voice or video sent over the socket is checked in the bucket and kept there.
    media: 'readWrite',
    callsWeChat: true,
  },
  housekeeping: {
    entry: 'functions/housekeeping.ts',
    memoryMb: 256,
    timeoutSeconds: 60,
    // Counts the agents online (sockets) for the dashboard.
    tables: { core: 'readWrite', messages: 'readWrite', connections: 'read' },
    // Hands answers left `pending` to delivery again: a picture is uploaded to WeChat from our copy.
    media: 'read',
    callsWeChat: true,
  },
  redriveStream: {
    entry: 'functions/redrive-stream.ts',
    memoryMb: 512,
    // Dispatching one failed batch again, with WeChat's retries: as long as the dispatcher may take.
    timeoutSeconds: 60,
    tables: { core: 'readWrite', messages: 'readWrite', connections: 'readWrite' },
    managesConnections: true,
    media: 'readWrite',
    callsWeChat: true,
    startsTranscriptions: true,
  },
  dispatch: {
    entry: 'functions/dispatch.ts',
    memoryMb: 512,
    // Sending to WeChat retries a busy WeChat for a few seconds; the batch must outlast that.
    timeoutSeconds: 60,
    tables: { core: 'readWrite', messages: 'readWrite', connections: 'readWrite' },
    managesConnections: true,
    media: 'readWrite',
    callsWeChat: true,
    startsTranscriptions: true,
  },
  transcripts: {
    entry: 'functions/transcripts.ts',
    memoryMb: 256,
    timeoutSeconds: 30,
    // Reads Transcribe's output from the media bucket and writes the transcript on the voice.
    tables: { messages: 'readWrite' },
    media: 'read',
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRouteSpec {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/wechat/{appId}`. */
  readonly path: string;
  readonly function: FunctionName;
  /**
   * API Gateway publishes this route's own metrics (5xx, latency), which the stack alarms on. Each
   * route with them costs CloudWatch metrics while traffic flows, so only WeChat's callbacks have them.
   */
  readonly detailedMetrics?: boolean;
  /**
   * The caller sends the identical request again when an answer is late (WeChat, after 5 s:
   * WECHAT.md §4). The cloud runs each repeat, and exactly-once storage makes it change nothing; the
   * local runtime has a repeat that arrives while the first is still waiting or running take the
   * first's answer, so that a crowd's retries do not multiply the work of one small machine.
   */
  readonly callerRetriesIdentically?: boolean;
}

export const httpRoutes: readonly HttpRouteSpec[] = [
  {
    method: 'GET',
    path: '/wechat/{appId}',
    function: 'wechatCallback',
    detailedMetrics: true,
    callerRetriesIdentically: true,
  },
  {
    method: 'POST',
    path: '/wechat/{appId}',
    function: 'wechatCallback',
    detailedMetrics: true,
    callerRetriesIdentically: true,
  },
  { method: 'POST', path: '/api/auth/login', function: 'api' },
  { method: 'POST', path: '/api/auth/refresh', function: 'api' },
  { method: 'POST', path: '/api/auth/logout', function: 'api' },
  { method: 'PUT', path: '/api/me/password', function: 'api' },
  { method: 'GET', path: '/api/me', function: 'api' },
  { method: 'PUT', path: '/api/me/status', function: 'api' },
  { method: 'GET', path: '/api/conversations', function: 'api' },
  { method: 'GET', path: '/api/conversations/{conversationId}/messages', function: 'api' },
  { method: 'POST', path: '/api/conversations/{conversationId}/messages', function: 'api' },
  { method: 'POST', path: '/api/conversations/{conversationId}/typing', function: 'api' },
  { method: 'POST', path: '/api/conversations/{conversationId}/notes', function: 'api' },
  { method: 'GET', path: '/api/history', function: 'api' },
  { method: 'POST', path: '/api/conversations/{conversationId}/close', function: 'api' },
  { method: 'POST', path: '/api/conversations/{conversationId}/accept', function: 'api' },
  { method: 'POST', path: '/api/conversations/{conversationId}/reopen', function: 'api' },
  { method: 'POST', path: '/api/conversations/{conversationId}/transfer', function: 'api' },
  { method: 'GET', path: '/api/conversations/{conversationId}/transfer-targets', function: 'api' },
  { method: 'GET', path: '/api/conversations/{conversationId}/follow-up', function: 'api' },
  { method: 'PUT', path: '/api/conversations/{conversationId}/read', function: 'api' },
  { method: 'DELETE', path: '/api/conversations/{conversationId}/read', function: 'api' },
  { method: 'GET', path: '/api/read-cursors', function: 'api' },
  { method: 'GET', path: '/api/conversations/{conversationId}/customer', function: 'api' },
  { method: 'PATCH', path: '/api/conversations/{conversationId}/customer', function: 'api' },
  { method: 'GET', path: '/api/conversations/{conversationId}/customer/conversations', function: 'api' },
  { method: 'GET', path: '/api/queues', function: 'api' },
  { method: 'GET', path: '/api/floor', function: 'adminApi' },
  { method: 'GET', path: '/api/reports', function: 'adminApi' },
  { method: 'GET', path: '/api/admin/queues', function: 'adminApi' },
  { method: 'PUT', path: '/api/admin/queues/{appId}/{queueId}', function: 'adminApi' },
  { method: 'PUT', path: '/api/admin/queues/{appId}/{queueId}/members', function: 'adminApi' },
  { method: 'DELETE', path: '/api/admin/queues/{appId}/{queueId}', function: 'adminApi' },
  { method: 'POST', path: '/api/auth/invitations/{token}', function: 'api' },
  { method: 'GET', path: '/api/admin/agents', function: 'adminApi' },
  { method: 'POST', path: '/api/admin/agents', function: 'adminApi' },
  { method: 'PATCH', path: '/api/admin/agents/{agentId}', function: 'adminApi' },
  { method: 'POST', path: '/api/admin/agents/{agentId}/password-reset', function: 'adminApi' },
  { method: 'POST', path: '/api/admin/agents/{agentId}/disable', function: 'adminApi' },
  { method: 'POST', path: '/api/admin/agents/{agentId}/enable', function: 'adminApi' },
  { method: 'GET', path: '/api/admin/apps', function: 'adminApi' },
  { method: 'POST', path: '/api/admin/apps', function: 'adminApi' },
  { method: 'PATCH', path: '/api/admin/apps/{appId}', function: 'adminApi' },
  { method: 'DELETE', path: '/api/admin/apps/{appId}', function: 'adminApi' },
  { method: 'POST', path: '/api/admin/apps/{appId}/disable', function: 'adminApi' },
  { method: 'POST', path: '/api/admin/apps/{appId}/enable', function: 'adminApi' },
  { method: 'POST', path: '/api/admin/apps/{appId}/test-credentials', function: 'adminApi' },
  { method: 'GET', path: '/api/admin/audit', function: 'adminApi' },
  { method: 'POST', path: '/api/media', function: 'api' },
  { method: 'POST', path: '/api/media/upload-links', function: 'api' },
  { method: 'GET', path: '/api/apps/{appId}/articles', function: 'api' },
  { method: 'GET', path: '/api/quick-replies', function: 'api' },
  { method: 'POST', path: '/api/quick-replies', function: 'api' },
  { method: 'PUT', path: '/api/quick-replies/{quickReplyId}', function: 'api' },
  { method: 'DELETE', path: '/api/quick-replies/{quickReplyId}', function: 'api' },
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

/**
 * How a table's stream drives a function: Lambda's event source mapping in the cloud, the local
 * runtime's poller on this machine, both from these numbers (AWS.md §1.6).
 *
 * Retrying a failing batch is bounded by the age of its records, not by a count: an outage of
 * DynamoDB or API Gateway lasts minutes, and a handful of quick retries would give up on the
 * records long before it ends (how long Lambda pauses between retries is its own business and not
 * configurable; the local poller backs off, 100 ms doubling to 5 s, and mirrors the same bounds:
 * `retryAttempts` -1 and `maxRecordAgeSeconds`). What is still failing after
 * `maxRecordAgeSeconds` (a poison record, or an outage longer than that) goes to the on-failure
 * queue so that the shard behind it moves on, and `onFailure.redrive` reads those records again
 * from the stream and hands them to the same dispatch logic, with backoff, for as long as the
 * stream keeps them (24 hours). The age bound is also how long a poison record can hold up the
 * records behind it in its shard: ten minutes is the compromise between the two.
 */
export interface StreamTriggerSpec {
  readonly table: TableId;
  readonly function: FunctionName;
  readonly batchSize: number;
  /** Retries of a failing batch before its records go to the on-failure queue; -1: no limit but age. */
  readonly retryAttempts: number;
  /** Records older than this go to the on-failure queue unprocessed (60–604,800 s, or -1). */
  readonly maxRecordAgeSeconds: number;
  readonly bisectBatchOnError: boolean;
  /** Who consumes the on-failure queue (metadata only: shard and sequence-number range). */
  readonly onFailure?: StreamRedriveSpec;
}

export interface StreamRedriveSpec {
  /** Reads the records of a failed batch again from the stream and dispatches them. */
  readonly redrive: FunctionName;
  /**
   * Receives of one queue message before it is parked in the queue's own dead-letter queue (and an
   * alarm goes off). The redrive backs off between receives (`shared/dispatch/redrive.ts`).
   */
  readonly maxReceiveCount: number;
}

export const streamTriggers: readonly StreamTriggerSpec[] = [
  {
    table: 'messages',
    function: 'dispatch',
    batchSize: 25,
    retryAttempts: -1,
    maxRecordAgeSeconds: 600,
    bisectBatchOnError: true,
    // With the redrive's backoff (30 s doubling to an hour, jittered), 24 receives span 9 to 18
    // hours, within the 24 hours the stream keeps records.
    onFailure: { redrive: 'redriveStream', maxReceiveCount: 24 },
  },
];

export interface ScheduleSpec {
  readonly function: FunctionName;
  readonly rateSeconds: number;
}

/** Periodic work, so that nothing depends on one lucky request. */
export const schedules: readonly ScheduleSpec[] = [{ function: 'housekeeping', rateSeconds: 60 }];

export interface TranscriptionEventsSpec {
  /** Receives this deployment's `Transcribe Job State Change` events (EventBridge; cloud only). */
  readonly function: FunctionName;
}

/** Where Amazon Transcribe's finished jobs on customers' voices go (machine transcripts). */
export const transcriptionEvents: TranscriptionEventsSpec = { function: 'transcripts' };

/**
 * Environment variables the functions receive (their names are in `shared/config/env-names.ts`),
 * beside the table names (`TableDefinition.envVar`): `WS_CALLBACK_URL` for functions that manage
 * connections, the JWT key reference for functions that sign or verify tokens, `MEDIA_BUCKET` for
 * functions that use the media bucket.
 */
export const jwtEnv = {
  /** Cloud: ARN of the Secrets Manager secret holding the signing key. */
  secretArn: functionEnv.jwtSecretArn,
  /** Local runtime: the key itself (generated once per data folder). */
  secret: functionEnv.jwtSecret,
} as const;

export const wsCallbackUrlEnv = functionEnv.wsCallbackUrl;

/** Name of the bucket holding pictures (agents' uploads, copies of customers' images). */
export const mediaBucketEnv = functionEnv.mediaBucket;

/** Base URL of WeChat's server API; unset in the cloud (WeChat itself), the simulator locally. */
export const wechatApiBaseEnv = functionEnv.wechatApiBase;

/** The URL of a stream trigger's failure queue, for its redrive (which postpones its retries). */
export const streamFailuresQueueUrlEnv = functionEnv.streamFailuresQueueUrl;

/** What this deployment's Transcribe jobs are named with, for those that start and finish them. */
export const transcriptionJobPrefixEnv = functionEnv.transcriptionJobPrefix;

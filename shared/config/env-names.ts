/**
 * The environment variables this project defines, each name spelled here and nowhere else in code.
 * The manifest (`infra/manifest.ts`) says which functions get which variable (the CDK stack sets them
 * in the cloud, the local runtime on this machine) and `shared/` reads them by these constants.
 * Variables of AWS, Node and libraries (`AWS_REGION`, `AWS_ENDPOINT_URL_DYNAMODB`, `NODE_OPTIONS` …)
 * keep their own spelling where they are used. `test/unit/architecture/env-names.test.ts` fails when
 * code spells one of these names itself or reads another variable of its own by a literal name.
 */

/** What the functions read. */
export const functionEnv = {
  /** Physical table names (`TableDefinition.envVar` in `shared/store/tables.ts`). */
  coreTable: 'CORE_TABLE',
  messagesTable: 'MESSAGES_TABLE',
  connectionsTable: 'CONNECTIONS_TABLE',
  /** Cloud: ARN of the Secrets Manager secret holding the JWT signing key. */
  jwtSecretArn: 'JWT_SECRET_ARN',
  /** Local runtime: the JWT signing key itself (generated once per data folder). */
  jwtSecret: 'JWT_SECRET',
  /** The WebSocket API's `@connections` endpoint, for functions that push to sockets. */
  wsCallbackUrl: 'WS_CALLBACK_URL',
  /** The bucket holding pictures (agents' uploads, copies of customers' images). */
  mediaBucket: 'MEDIA_BUCKET',
  /** Base URL of WeChat's server API; unset in the cloud (WeChat itself), the simulator locally. */
  wechatApiBase: 'WECHAT_API_BASE',
  /** The queue of a stream trigger's failures, for its redrive function (which postpones retries). */
  streamFailuresQueueUrl: 'STREAM_FAILURES_QUEUE_URL',
  /**
   * Cloud: what this deployment's Amazon Transcribe jobs are named with (machine-transcript.ts);
   * unset on this machine, where there is no Transcribe.
   */
  transcriptionJobPrefix: 'TRANSCRIPTION_JOB_PREFIX',
} as const;

/** What the tools read: the CDK app (`infra/app.ts`) and `npm start` (`infra/local/main.ts`). */
export const toolEnv = {
  /** The stack's name, when the `stackName` context is not given. */
  stackName: 'WECHAT_CS_STACK_NAME',
  /** `npm start`'s ports and data folder, when the command line does not give them. */
  httpPort: 'HTTP_PORT',
  wsPort: 'WS_PORT',
  consolePort: 'CONSOLE_PORT',
  wechatPort: 'WECHAT_PORT',
  mediaPort: 'MEDIA_PORT',
  dynamodbPort: 'DYNAMODB_PORT',
  dataDir: 'DATA_DIR',
} as const;

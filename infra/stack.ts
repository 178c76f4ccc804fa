/**
 * The whole deployment, generated from the manifest (`infra/manifest.ts`) and the table definitions
 * (`shared/store/tables.ts`): nothing below names a function, a route or a table. Adding a route,
 * a function, a stream trigger or a schedule is a line in the manifest.
 *
 * The manifest is a prop (the real one by default) so tests can synthesize variants of it.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { serviceNameOf } from '../shared/observability/names.ts';
import { type TableDefinition, tables as tableDefinitions } from '../shared/store/tables.ts';
import { type ApiDomainNames, ApiDomains } from './constructs/api-domains.ts';
import { ApiGatewayLoggingRole } from './constructs/api-gateway-logging-role.ts';
import { type ConsoleDomain, ConsoleHosting } from './constructs/console-hosting.ts';
import { FixedEgress } from './constructs/fixed-egress.ts';
import { ManifestHttpApi } from './constructs/http-api.ts';
import { LambdaFunction } from './constructs/lambda-function.ts';
import { MediaBucket } from './constructs/media-bucket.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { acknowledgeWildcardResource } from './constructs/nag.ts';
import { Schedule } from './constructs/schedule.ts';
import { SigningKey } from './constructs/signing-key.ts';
import { StreamTrigger } from './constructs/stream-trigger.ts';
import { Tables } from './constructs/tables.ts';
import { VoiceTranscription } from './constructs/voice-transcription.ts';
import { ManifestWebSocketApi } from './constructs/websocket-api.ts';
import * as manifest from './manifest.ts';

/** Like a manifest spec, with function references loosened to plain names (checked at synth). */
type Named<T> = Omit<T, 'function'> & { readonly function: string };

/** Everything the stack is generated from. */
export interface StackManifest {
  readonly functions: Readonly<Record<string, manifest.FunctionSpec>>;
  readonly httpRoutes: readonly Named<manifest.HttpRouteSpec>[];
  readonly httpCors: {
    readonly allowHeaders: readonly string[];
    readonly allowMethods: readonly manifest.HttpMethod[];
    readonly maxAgeSeconds: number;
  };
  readonly webSocket: {
    readonly routeSelectionExpression: string;
    readonly authorizer: { readonly function: string; readonly queryParameter: string };
    readonly routes: readonly Named<manifest.WebSocketRouteSpec>[];
  };
  readonly streamTriggers: readonly Named<manifest.StreamTriggerSpec>[];
  readonly schedules: readonly Named<manifest.ScheduleSpec>[];
  readonly transcriptionEvents: Named<manifest.TranscriptionEventsSpec>;
  readonly tables: readonly TableDefinition[];
  readonly jwtEnv: { readonly secretArn: string };
  readonly wsCallbackUrlEnv: string;
  readonly mediaBucketEnv: string;
  readonly streamFailuresQueueUrlEnv: string;
  readonly transcriptionJobPrefixEnv: string;
}

export const defaultManifest: StackManifest = {
  functions: manifest.functions,
  httpRoutes: manifest.httpRoutes,
  httpCors: manifest.httpCors,
  webSocket: manifest.webSocket,
  streamTriggers: manifest.streamTriggers,
  schedules: manifest.schedules,
  transcriptionEvents: manifest.transcriptionEvents,
  tables: tableDefinitions,
  jwtEnv: manifest.jwtEnv,
  wsCallbackUrlEnv: manifest.wsCallbackUrlEnv,
  mediaBucketEnv: manifest.mediaBucketEnv,
  streamFailuresQueueUrlEnv: manifest.streamFailuresQueueUrlEnv,
  transcriptionJobPrefixEnv: manifest.transcriptionJobPrefixEnv,
};

/** The repository root (this file is `<root>/infra/stack.ts`). */
export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface WeChatCsStackProps extends StackProps {
  /** The console build folder to upload (app.ts passes `<repo>/web/dist`). */
  readonly consoleAssetPath: string;
  /** Deployment stage (`prod`, `staging`, …): the WebSocket stage name and part of API names. */
  readonly stage?: string;
  /** @default the real manifest and table definitions */
  readonly manifest?: StackManifest;
  /** Where function entries (relative paths in the manifest) are resolved and esbuild runs. */
  readonly projectRoot?: string;
  /** DynamoDB deletion protection. @default true on the `prod` stage, false elsewhere */
  readonly deletionProtection?: boolean;
  /**
   * Create API Gateway's account-level CloudWatch Logs role (needed once per account and region
   * for WebSocket access logs). Turn off where the account already has one. @default true
   */
  readonly apiGatewayCloudWatchRole?: boolean;
  /** Retention of every log group of the stack. @default one month */
  readonly logRetention?: RetentionDays;
  /** The functions' log level (`POWERTOOLS_LOG_LEVEL`). @default INFO */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** @default 100 requests/s steady, 200 burst (the account-wide default is 10,000) */
  readonly httpThrottle?: ThrottleSettings;
  /** @default 50 messages/s steady, 100 burst */
  readonly webSocketThrottle?: ThrottleSettings;
  /** Serve the console on an own domain with an ACM certificate (us-east-1). */
  readonly consoleDomain?: ConsoleDomain;
  /**
   * Own domain names for the HTTP API (the callback URL) and the WebSocket API, with a regional ACM
   * certificate of the stack's region.
   */
  readonly apiDomains?: ApiDomainNames;
  /**
   * Put the functions that call WeChat's API in a VPC whose traffic leaves through one NAT gateway
   * with an Elastic IP (output `WeChatEgressIp`), for apps with WeChat's IP whitelist on. A NAT
   * gateway is billed by the hour. @default false: no VPC resource at all
   */
  readonly fixedEgress?: boolean;
  /** An e-mail address the alarms notify (it must confirm the subscription). */
  readonly alarmEmail?: string;
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Fails synthesis with a readable message when the manifest refers to something it does not declare. */
export function checkManifest(m: StackManifest): void {
  const problems: string[] = [];
  const declared = new Set(Object.keys(m.functions));
  const tableIds = new Set(m.tables.map((table) => table.id));
  const needFunction = (name: string, where: string) => {
    if (!declared.has(name)) problems.push(`${where} refers to function "${name}", which is not declared`);
  };
  for (const [name, spec] of Object.entries(m.functions)) {
    for (const table of Object.keys(spec.tables)) {
      if (!tableIds.has(table as TableDefinition['id'])) {
        problems.push(`function "${name}" has access to table "${table}", which is not defined`);
      }
    }
  }
  for (const route of m.httpRoutes) needFunction(route.function, `HTTP route ${route.method} ${route.path}`);
  needFunction(m.webSocket.authorizer.function, 'the WebSocket authorizer');
  for (const route of m.webSocket.routes) needFunction(route.function, `WebSocket route ${route.routeKey}`);
  if (!m.webSocket.routes.some((route) => route.routeKey === '$connect')) {
    problems.push('the WebSocket API declares an authorizer but no $connect route to put it on');
  }
  for (const trigger of m.streamTriggers) {
    needFunction(trigger.function, `the stream trigger on ${trigger.table}`);
    if (trigger.onFailure)
      needFunction(trigger.onFailure.redrive, `the redrive of the stream trigger on ${trigger.table}`);
    const table = m.tables.find((t) => t.id === trigger.table);
    if (!table?.stream) problems.push(`the stream trigger on ${trigger.table} needs a table with a stream`);
  }
  for (const schedule of m.schedules) needFunction(schedule.function, 'a schedule');
  needFunction(m.transcriptionEvents.function, 'the transcription events');
  if (problems.length > 0) throw new Error(`infra/manifest.ts is inconsistent:\n- ${problems.join('\n- ')}`);
}

export class WeChatCsStack extends Stack {
  readonly functions: ReadonlyMap<string, LambdaFunction>;
  readonly tables: Tables;
  readonly httpApi: ManifestHttpApi;
  readonly webSocketApi: ManifestWebSocketApi;
  readonly console: ConsoleHosting;
  readonly media: MediaBucket;
  readonly transcription: VoiceTranscription;
  readonly egress?: FixedEgress;
  readonly apiDomains?: ApiDomains;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: WeChatCsStackProps) {
    super(scope, id, {
      description: 'Serverless WeChat customer service: callbacks, agent console, real-time push',
      ...props,
    });
    const m = props.manifest ?? defaultManifest;
    checkManifest(m);
    const stage = props.stage ?? 'prod';
    // API names (not unique, shown in the console) carry the stage unless the stack name already does.
    const namePrefix = id.toLowerCase().includes(stage.toLowerCase()) ? id : `${id}-${stage}`;
    const projectRoot = props.projectRoot ?? repositoryRoot;
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;

    this.tables = new Tables(this, 'Tables', {
      definitions: m.tables,
      deletionProtection: props.deletionProtection ?? stage === 'prod',
    });
    const signingKey = new SigningKey(this, 'JwtSigningKey');

    if (props.fixedEgress) this.egress = new FixedEgress(this, 'FixedEgress', { logRetention });
    const egress = this.egress;

    const functions = new Map<string, LambdaFunction>();
    for (const [name, spec] of Object.entries(m.functions)) {
      const fn = new LambdaFunction(this, pascal(name), {
        spec,
        projectRoot,
        logRetention,
        ...(egress && spec.callsWeChat
          ? { network: { vpc: egress.vpc, subnets: egress.subnets, securityGroup: egress.securityGroup } }
          : {}),
        // Metrics in a namespace of the stack's own, so that two stages in one account never mix.
        observability: {
          serviceName: serviceNameOf(name),
          metricsNamespace: this.stackName,
          logLevel: props.logLevel ?? 'INFO',
        },
      });
      for (const [tableId, access] of Object.entries(spec.tables)) {
        if (!access) continue;
        const { table, definition } = this.tables.get(tableId as TableDefinition['id']);
        fn.bindTable(table, definition.envVar, access, definition.globalSecondaryIndexes.length > 0);
      }
      if (spec.signsTokens) {
        fn.function.addEnvironment(m.jwtEnv.secretArn, signingKey.secret.secretArn);
        signingKey.grantRead(fn.function);
      }
      functions.set(name, fn);
    }
    this.functions = functions;
    const lambdaNamed = (name: string): LambdaFunction => {
      const fn = functions.get(name);
      if (!fn) throw new Error(`function "${name}" is not declared in the manifest`);
      return fn;
    };
    const functionNamed = (name: string) => lambdaNamed(name).function;

    // Before the APIs: the HTTP API's CORS allows the console's origin.
    this.console = new ConsoleHosting(this, 'Console', {
      ...(props.consoleDomain ? { domain: props.consoleDomain } : {}),
      accessLogExpiration: Duration.days(90),
      logRetention,
    });

    this.media = new MediaBucket(this, 'Media', {
      accessLogs: this.console.accessLogs,
      consoleOrigin: this.console.origin,
    });
    for (const [name, spec] of Object.entries(m.functions)) {
      if (!spec.media) continue;
      const fn = lambdaNamed(name);
      fn.function.addEnvironment(m.mediaBucketEnv, this.media.bucket.bucketName);
      this.media.grant(fn.function, spec.media, fn);
    }

    this.httpApi = new ManifestHttpApi(this, 'HttpApi', {
      apiName: `${namePrefix}-http`,
      routes: m.httpRoutes,
      cors: { ...m.httpCors, allowOrigins: [this.console.origin] },
      functionNamed,
      throttle: props.httpThrottle ?? { rateLimit: 100, burstLimit: 200 },
      logRetention,
    });

    this.webSocketApi = new ManifestWebSocketApi(this, 'WebSocketApi', {
      apiName: `${namePrefix}-ws`,
      stageName: stage,
      routeSelectionExpression: m.webSocket.routeSelectionExpression,
      authorizer: m.webSocket.authorizer,
      routes: m.webSocket.routes,
      functionNamed,
      throttle: props.webSocketThrottle ?? { rateLimit: 50, burstLimit: 100 },
      logRetention,
    });
    if (props.apiGatewayCloudWatchRole ?? true) {
      const loggingRole = new ApiGatewayLoggingRole(this, 'ApiGatewayLogging');
      this.webSocketApi.stage.node.addDependency(loggingRole.account);
    }

    for (const [name, spec] of Object.entries(m.functions)) {
      if (!spec.managesConnections) continue;
      const fn = functionNamed(name);
      fn.addEnvironment(m.wsCallbackUrlEnv, this.webSocketApi.callbackUrl);
      // Scoped to this stage's @connections, narrower than webSocketApi.grantManageConnections().
      const grant = this.webSocketApi.stage.grantManagementApiAccess(fn);
      for (const arn of grant.principalStatements.flatMap((statement) => statement.resources)) {
        acknowledgeWildcardResource(
          lambdaNamed(name),
          arn,
          'Posting to, reading and deleting sockets of this WebSocket API stage: connection ids are ' +
            'created by API Gateway at $connect and cannot be listed in a policy. The method wildcard ' +
            'covers POST (push a frame), GET and DELETE (drop a connection that answered 410).',
        );
      }
    }

    const streamTriggers: StreamTrigger[] = [];
    for (const trigger of m.streamTriggers) {
      const fn = lambdaNamed(trigger.function);
      const redrive = trigger.onFailure && {
        function: functionNamed(trigger.onFailure.redrive),
        timeoutSeconds: m.functions[trigger.onFailure.redrive]?.timeoutSeconds ?? 60,
        maxReceiveCount: trigger.onFailure.maxReceiveCount,
        queueUrlEnv: m.streamFailuresQueueUrlEnv,
      };
      const created = new StreamTrigger(fn, `${pascal(trigger.table)}Stream`, {
        table: this.tables.get(trigger.table).table,
        function: fn.function,
        batchSize: trigger.batchSize,
        retryAttempts: trigger.retryAttempts,
        maxRecordAgeSeconds: trigger.maxRecordAgeSeconds,
        bisectBatchOnError: trigger.bisectBatchOnError,
        ...(redrive ? { redrive } : {}),
      });
      streamTriggers.push(created);
    }

    m.schedules.forEach((schedule, index) => {
      const fn = lambdaNamed(schedule.function);
      new Schedule(fn, `Schedule${index + 1}`, { function: fn.function, rateSeconds: schedule.rateSeconds });
    });

    this.transcription = new VoiceTranscription(this, 'VoiceTranscription', {
      starters: Object.entries(m.functions)
        .filter(([, spec]) => spec.startsTranscriptions)
        .map(([name]) => lambdaNamed(name)),
      finisher: lambdaNamed(m.transcriptionEvents.function),
      jobPrefixEnv: m.transcriptionJobPrefixEnv,
    });

    if (props.apiDomains) {
      this.apiDomains = new ApiDomains(this, 'ApiDomains', {
        names: props.apiDomains,
        http: { api: this.httpApi.api, stage: this.httpApi.stage },
        webSocket: { api: this.webSocketApi.api, stage: this.webSocketApi.stage },
      });
    }
    const httpApiUrl = this.apiDomains?.httpUrl ?? this.httpApi.endpoint;
    const webSocketUrl = this.apiDomains?.webSocketUrl ?? this.webSocketApi.url;

    this.monitoring = new Monitoring(this, 'Monitoring', {
      dashboardName: this.stackName,
      metricsNamespace: this.stackName,
      functions: [...functions].map(([name, fn]) => ({ name, function: fn.function })),
      senders: Object.entries(m.functions)
        .filter(([, spec]) => spec.callsWeChat)
        .map(([name]) => name),
      streamConsumers: m.streamTriggers.map((trigger) => trigger.function),
      mediaCollectors: m.streamTriggers.flatMap((trigger) => [
        trigger.function,
        ...(trigger.onFailure ? [trigger.onFailure.redrive] : []),
      ]),
      queues: streamTriggers.flatMap((trigger) => [
        { label: `${trigger.node.id} failures`, queue: trigger.failures },
        ...(trigger.parked ? [{ label: `${trigger.node.id} parked`, queue: trigger.parked }] : []),
      ]),
      httpApi: {
        apiId: this.httpApi.api.apiId,
        stage: this.httpApi.stage.stageName,
        callbackRoutes: this.httpApi.detailedMetricsRoutes,
      },
      webSocketApi: { apiId: this.webSocketApi.api.apiId, stage: this.webSocketApi.stage.stageName },
      otherAlarms: streamTriggers.flatMap((trigger) => trigger.alarms),
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });

    this.console.deploy({
      assetPath: props.consoleAssetPath,
      // The same shape as the local runtime's config (web/vite.config.ts): URLs without a trailing slash.
      config: { httpApiUrl, webSocketUrl },
    });

    new CfnOutput(this, 'WeChatCallbackBaseUrl', {
      description:
        "WeChat's message push URL (服务器地址(URL)) is this followed by the app id: Mini Program 开发 → " +
        '开发管理 → 消息推送, Official Account 设置与开发 → 基本配置 → 服务器配置',
      value: `${httpApiUrl}/wechat/`,
    });
    new CfnOutput(this, 'HttpApiUrl', { value: httpApiUrl });
    new CfnOutput(this, 'WebSocketUrl', { value: webSocketUrl });
    new CfnOutput(this, 'ConsoleUrl', { value: this.console.url });
    if (this.apiDomains?.http) {
      new CfnOutput(this, 'HttpApiDomainTarget', {
        description: `Point ${props.apiDomains?.httpDomainName}'s DNS (CNAME or Route 53 alias) at this`,
        value: this.apiDomains.http.regionalDomainName,
      });
    }
    if (this.apiDomains?.webSocket) {
      new CfnOutput(this, 'WebSocketDomainTarget', {
        description: `Point ${props.apiDomains?.webSocketDomainName}'s DNS (CNAME or Route 53 alias) at this`,
        value: this.apiDomains.webSocket.regionalDomainName,
      });
    }
    if (this.egress) {
      new CfnOutput(this, 'WeChatEgressIp', {
        description:
          "The one address the functions call WeChat from: add it to every app's IP whitelist (IP白名单) " +
          'in WeChat’s developer settings (微信开发者平台, or 公众平台 → 设置与开发 → 基本配置 → IP白名单)',
        value: this.egress.address.attrPublicIp,
      });
    }
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Every alarm notifies this SNS topic: subscribe more addresses or a chat webhook to it',
      value: this.monitoring.topic.topicArn,
    });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${this.monitoring.dashboard.dashboardName}`,
    });
    for (const { table, definition } of this.tables.all()) {
      new CfnOutput(this, definition.outputKey, {
        description: `Physical name of the ${definition.id} table (read by the admin CLI)`,
        value: table.tableName,
      });
    }
  }
}

/**
 * The stack generated from the real manifest and table definitions (function entries swapped for a
 * fixture handler, so bundling takes milliseconds). Every expectation loops over the manifest, like
 * the stack does.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultManifest } from '../../infra/stack.ts';
import { projectionOf, type TableId } from '../../shared/store/tables.ts';
import { readAsset, type Synthesized, synthesize } from './synth.ts';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

const m = defaultManifest;
let s: Synthesized;
let resources: Record<string, Resource>;

function ofType(type: string): [string, Resource][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

function fnLogicalId(name: string): string {
  const fn = s.stack.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return s.logicalId(fn.function);
}

function fnProps(name: string): Record<string, unknown> {
  return resources[fnLogicalId(name)]?.Properties ?? {};
}

function fnEnvironment(name: string): Record<string, unknown> {
  return ((fnProps(name).Environment as { Variables?: Record<string, unknown> })?.Variables ?? {}) as Record<
    string,
    unknown
  >;
}

/** The statements of a function's role policy (its only policy: the role is created per function). */
function fnStatements(name: string): { Action: string | string[]; Resource: unknown }[] {
  const role = s.stack.functions.get(name)?.role;
  const policy = role?.node.tryFindChild('DefaultPolicy');
  if (!policy) return [];
  const document = resources[s.logicalId(policy)]?.Properties.PolicyDocument as {
    Statement: { Action: string | string[]; Resource: unknown }[];
  };
  return document.Statement;
}

function actionsOf(statement: { Action: string | string[] }): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

function tableLogicalId(id: TableId): string {
  return s.logicalId(s.stack.tables.get(id).table);
}

beforeAll(() => {
  s = synthesize();
  resources = s.template.toJSON().Resources as Record<string, Resource>;
});

afterAll(() => s.cleanup());

describe('tables', () => {
  it('creates one on-demand table per definition, with PITR, deletion protection and RETAIN', () => {
    s.template.resourceCountIs('AWS::DynamoDB::GlobalTable', m.tables.length);
    expect(m.tables).toHaveLength(3);
    for (const definition of m.tables) {
      const table = resources[tableLogicalId(definition.id)] as Resource;
      expect(table.Type).toBe('AWS::DynamoDB::GlobalTable');
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        Replicas: [
          {
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            DeletionProtectionEnabled: true,
          },
        ],
      });
    }
  });

  it('takes keys, TTL, stream and GSIs from the definitions', () => {
    for (const definition of m.tables) {
      const properties = resources[tableLogicalId(definition.id)]?.Properties ?? {};
      const keySchema = [
        { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
        ...(definition.sortKey ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' }] : []),
      ];
      expect(properties.KeySchema).toEqual(keySchema);
      if (definition.timeToLiveAttribute) {
        expect(properties.TimeToLiveSpecification).toEqual({
          AttributeName: definition.timeToLiveAttribute,
          Enabled: true,
        });
      } else {
        expect(properties.TimeToLiveSpecification).toBeUndefined();
      }
      if (definition.stream) {
        expect(properties.StreamSpecification).toEqual({ StreamViewType: definition.stream });
      } else {
        expect(properties.StreamSpecification).toBeUndefined();
      }
      const indexes = (properties.GlobalSecondaryIndexes ?? []) as { IndexName: string }[];
      expect(indexes.map((index) => index.IndexName)).toEqual(
        definition.globalSecondaryIndexes.map((index) => index.indexName),
      );
      for (const index of definition.globalSecondaryIndexes) {
        expect(indexes.find((found) => found.IndexName === index.indexName)).toEqual({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
            ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' }] : []),
          ],
          Projection: projectionOf(index),
        });
      }
    }
  });

  it('streams NEW_AND_OLD_IMAGES on the messages table only', () => {
    const streamed = ofType('AWS::DynamoDB::GlobalTable').filter(
      ([, table]) => table.Properties.StreamSpecification,
    );
    expect(streamed.map(([id]) => id)).toEqual([tableLogicalId('messages')]);
    expect(streamed[0]?.[1].Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });
});

describe('functions', () => {
  it('deploys every manifest function on Node.js 22, arm64, with its memory and timeout', () => {
    for (const [name, spec] of Object.entries(m.functions)) {
      expect(fnProps(name)).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
      });
      expect(fnEnvironment(name).NODE_OPTIONS).toBe('--enable-source-maps');
    }
  });

  it('names each function for Powertools: its service, the stack as metrics namespace, INFO logs', () => {
    expect(fnEnvironment('wechatCallback').POWERTOOLS_SERVICE_NAME).toBe('wechat-callback');
    for (const name of Object.keys(m.functions)) {
      expect(fnEnvironment(name)).toMatchObject({
        POWERTOOLS_SERVICE_NAME: expect.stringMatching(/^[a-z]+(-[a-z]+)*$/),
        POWERTOOLS_METRICS_NAMESPACE: s.stack.stackName,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
    }
  });

  it('gives each function its own log group with a retention, and no LogRetention custom resource', () => {
    for (const name of Object.keys(m.functions)) {
      const logGroup = (fnProps(name).LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(resources[logGroup]?.Type).toBe('AWS::Logs::LogGroup');
    }
    for (const [, logGroup] of ofType('AWS::Logs::LogGroup')) {
      expect(logGroup.Properties.RetentionInDays).toBe(30);
    }
    expect(ofType('Custom::LogRetention')).toEqual([]);
  });

  it('names each table a function uses, and only those', () => {
    for (const [name, spec] of Object.entries(m.functions)) {
      const environment = fnEnvironment(name);
      for (const table of m.tables) {
        const access = spec.tables[table.id];
        if (access) expect(environment[table.envVar]).toEqual({ Ref: tableLogicalId(table.id) });
        else expect(environment[table.envVar]).toBeUndefined();
      }
    }
  });

  it('grants no statement on a table the function has no access to, and no writes on read access', () => {
    const writes = [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ];
    for (const [name, spec] of Object.entries(m.functions)) {
      const statements = fnStatements(name);
      for (const table of m.tables) {
        const id = tableLogicalId(table.id);
        const onTable = statements.filter((statement) =>
          JSON.stringify(statement.Resource).includes(`"${id}"`),
        );
        const access = spec.tables[table.id];
        const isStreamConsumer = m.streamTriggers.some((t) => t.function === name && t.table === table.id);
        if (!access && !isStreamConsumer) {
          expect(onTable, `${name} must have no statement on ${table.id}`).toEqual([]);
          continue;
        }
        const dataStatements = onTable.filter(
          (statement) => !JSON.stringify(statement.Resource).includes('StreamArn'),
        );
        const actions = dataStatements.flatMap(actionsOf);
        if (access === 'readWrite') expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem']));
        if (access === 'read') {
          expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
          for (const write of writes) expect(actions, `${name} reads ${table.id} only`).not.toContain(write);
        }
        if (!access) expect(dataStatements, `${name} only consumes the stream of ${table.id}`).toEqual([]);
      }
    }
  });

  it('lets a function that only reads (the authorizer) write nothing in DynamoDB', () => {
    const readOnly = Object.entries(m.functions).filter(
      ([, spec]) =>
        Object.keys(spec.tables).length > 0 &&
        Object.values(spec.tables).every((access) => access === 'read'),
    );
    expect(readOnly.length).toBeGreaterThan(0);
    for (const [name] of readOnly) {
      const dynamoActions = fnStatements(name)
        .flatMap(actionsOf)
        .filter((action) => action.startsWith('dynamodb:'));
      expect(dynamoActions.length, name).toBeGreaterThan(0);
      expect(
        dynamoActions.filter((action) => /Put|Update|Delete|Write/.test(action)),
        name,
      ).toEqual([]);
    }
  });

  it('bundles each function as minified ESM with a source map and the createRequire banner', () => {
    for (const name of Object.keys(m.functions)) {
      // The asset staged in the assembly is `asset.<hash>`, uploaded as `<hash>.zip`.
      const assetPath = `asset.${(fnProps(name).Code as { S3Key: string }).S3Key.replace(/\.zip$/, '')}`;
      const bundle = readAsset(s.assembly, `${assetPath}/index.mjs`);
      expect(bundle, name).toMatch(
        /^import \{ createRequire as (\w+) \} from 'node:module';const require = \1\(/,
      );
      expect(bundle).toContain('//# sourceMappingURL=index.mjs.map');
      expect(readAsset(s.assembly, `${assetPath}/index.mjs.map`)).toBeDefined();
    }
  });
});

describe('JWT signing key', () => {
  it('is generated by Secrets Manager at deploy time, never written in the template', () => {
    const secrets = ofType('AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    expect(secrets[0]?.[1].Properties.GenerateSecretString).toMatchObject({
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
    expect(s.json).not.toMatch(/"SecretString"\s*:/);
    // The local runtime's variable that holds the key itself never reaches the cloud.
    for (const name of Object.keys(m.functions)) expect(fnEnvironment(name).JWT_SECRET).toBeUndefined();
  });

  it('is referenced (JWT_SECRET_ARN) and readable only by the functions that sign or verify tokens', () => {
    const secretId = secretLogicalId();
    for (const [name, spec] of Object.entries(m.functions)) {
      const reads = fnStatements(name).some(
        (statement) =>
          actionsOf(statement).includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(statement.Resource).includes(secretId),
      );
      if (spec.signsTokens) {
        expect(fnEnvironment(name)[m.jwtEnv.secretArn]).toEqual({ Ref: secretId });
        expect(reads, `${name} reads the key`).toBe(true);
      } else {
        expect(fnEnvironment(name)[m.jwtEnv.secretArn]).toBeUndefined();
        expect(reads, `${name} must not read the key`).toBe(false);
      }
    }
  });
});

function secretLogicalId(): string {
  const [entry] = ofType('AWS::SecretsManager::Secret');
  if (!entry) throw new Error('no secret');
  return entry[0];
}

describe('HTTP API', () => {
  it('has a route per manifest entry, integrated with its function (payload format 2.0)', () => {
    const apiId = s.logicalId(s.stack.httpApi.api);
    for (const route of m.httpRoutes) {
      const routeKey = `${route.method} ${route.path}`;
      const found = ofType('AWS::ApiGatewayV2::Route').filter(
        ([, r]) =>
          r.Properties.RouteKey === routeKey && JSON.stringify(r.Properties.ApiId) === `{"Ref":"${apiId}"}`,
      );
      expect(found, routeKey).toHaveLength(1);
      const target = JSON.stringify(found[0]?.[1].Properties.Target);
      const integrationId = /"Ref":"([^"]+)"/.exec(target)?.[1] ?? '';
      const integration = resources[integrationId] as Resource;
      expect(integration.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [fnLogicalId(route.function), 'Arn'] },
      });
    }
    const httpRoutes = ofType('AWS::ApiGatewayV2::Route').filter(
      ([, r]) => JSON.stringify(r.Properties.ApiId) === `{"Ref":"${apiId}"}`,
    );
    expect(httpRoutes).toHaveLength(m.httpRoutes.length);
  });

  it('allows the console origin with the manifest CORS settings', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowHeaders: m.httpCors.allowHeaders,
        AllowMethods: m.httpCors.allowMethods,
        MaxAge: m.httpCors.maxAgeSeconds,
        AllowOrigins: [
          {
            'Fn::Join': [
              '',
              ['https://', { 'Fn::GetAtt': [s.logicalId(s.stack.console.distribution), 'DomainName'] }],
            ],
          },
        ],
      },
    });
  });

  it('serves a throttled $default stage with JSON access logs', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
        Format: Match.stringLikeRegexp('requestId'),
      },
    });
  });
});

describe('WebSocket API', () => {
  it('selects routes by the manifest expression', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: m.webSocket.routeSelectionExpression,
    });
  });

  it('authorizes $connect with the authorizer function, reading the token from the query string', () => {
    const authorizers = ofType('AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0] as [string, Resource];
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      IdentitySource: [`route.request.querystring.${m.webSocket.authorizer.queryParameter}`],
    });
    expect(JSON.stringify(authorizer.Properties.AuthorizerUri)).toContain(
      `"${fnLogicalId(m.webSocket.authorizer.function)}"`,
    );
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: '$connect',
      AuthorizationType: 'CUSTOM',
      AuthorizerId: { Ref: authorizerId },
    });
  });

  it('has every manifest route, with a route response exactly where returnResponse is set', () => {
    const wsApiId = s.logicalId(s.stack.webSocketApi.api);
    const routeResponses = ofType('AWS::ApiGatewayV2::RouteResponse');
    for (const route of m.webSocket.routes) {
      const found = ofType('AWS::ApiGatewayV2::Route').filter(
        ([, r]) =>
          r.Properties.RouteKey === route.routeKey &&
          JSON.stringify(r.Properties.ApiId) === `{"Ref":"${wsApiId}"}`,
      );
      expect(found, route.routeKey).toHaveLength(1);
      const [routeId, resource] = found[0] as [string, Resource];
      if (route.routeKey !== '$connect') expect(resource.Properties.AuthorizationType).toBe('NONE');
      const target = JSON.stringify(resource.Properties.Target);
      const integrationId = /"Ref":"([^"]+)"/.exec(target)?.[1] ?? '';
      expect(JSON.stringify(resources[integrationId]?.Properties.IntegrationUri)).toContain(
        `"${fnLogicalId(route.function)}"`,
      );
      const responses = routeResponses.filter(
        ([, r]) => JSON.stringify(r.Properties.RouteId) === `{"Ref":"${routeId}"}`,
      );
      if (route.returnResponse) {
        expect(responses, route.routeKey).toHaveLength(1);
        expect(responses[0]?.[1].Properties.RouteResponseKey).toBe('$default');
        expect(resource.Properties.RouteResponseSelectionExpression).toBe('$default');
      } else {
        expect(responses, route.routeKey).toEqual([]);
      }
    }
  });

  it('deploys the stage named after the stage, throttled and access-logged, after the account logging role', () => {
    const stage = s.template.findResources('AWS::ApiGatewayV2::Stage', {
      Properties: { StageName: 'prod' },
    });
    const [stageResource] = Object.values(stage) as (Resource & { DependsOn?: string[] })[];
    expect(stageResource?.Properties).toMatchObject({
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { Format: expect.not.stringContaining('querystring') },
    });
    const [accountId] = ofType('AWS::ApiGateway::Account')[0] ?? [];
    expect(stageResource?.DependsOn).toContain(accountId);
  });

  it('gives WS_CALLBACK_URL and execute-api:ManageConnections only to functions that manage connections', () => {
    for (const [name, spec] of Object.entries(m.functions)) {
      const manages = fnStatements(name).some((statement) =>
        actionsOf(statement).includes('execute-api:ManageConnections'),
      );
      if (spec.managesConnections) {
        expect(manages, name).toBe(true);
        expect(JSON.stringify(fnEnvironment(name)[m.wsCallbackUrlEnv])).toMatch(/"https:\/\/".*\/prod"/);
      } else {
        expect(manages, name).toBe(false);
        expect(fnEnvironment(name)[m.wsCallbackUrlEnv]).toBeUndefined();
      }
    }
    expect(Object.values(m.functions).some((spec) => spec.managesConnections)).toBe(true);
  });
});

describe('stream triggers', () => {
  it('maps each trigger with partial batch failures, bounded retries and an SQS on-failure queue', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(([, mapping]) =>
      JSON.stringify(mapping.Properties.EventSourceArn).includes('StreamArn'),
    );
    expect(mappings).toHaveLength(m.streamTriggers.length);
    for (const trigger of m.streamTriggers) {
      const found = mappings.filter(
        ([, mapping]) =>
          JSON.stringify(mapping.Properties.FunctionName) === `{"Ref":"${fnLogicalId(trigger.function)}"}`,
      );
      expect(found).toHaveLength(1);
      const properties = found[0]?.[1].Properties ?? {};
      expect(properties).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': [tableLogicalId(trigger.table), 'StreamArn'] },
        StartingPosition: 'LATEST',
        BatchSize: trigger.batchSize,
        MaximumBatchingWindowInSeconds: 0,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: trigger.bisectBatchOnError,
        MaximumRetryAttempts: trigger.retryAttempts,
        MaximumRecordAgeInSeconds: trigger.maxRecordAgeSeconds,
        ParallelizationFactor: 1,
      });
      const destination = (
        properties.DestinationConfig as { OnFailure: { Destination: { 'Fn::GetAtt': string[] } } }
      ).OnFailure.Destination['Fn::GetAtt'];
      const queue = resources[destination[0] as string] as Resource;
      expect(queue.Type).toBe('AWS::SQS::Queue');
      expect(queue.Properties).toMatchObject({
        MessageRetentionPeriod: 14 * 24 * 3600,
        SqsManagedSseEnabled: true,
      });
    }
  });

  it('retries a failing batch until its records are ten minutes old, not a number of times', () => {
    const [trigger] = m.streamTriggers;
    expect(trigger).toMatchObject({ retryAttempts: -1, maxRecordAgeSeconds: 600, bisectBatchOnError: true });
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnLogicalId(trigger?.function ?? '') },
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: 600,
    });
  });

  it('redrives what lands on the failure queue: one note per invocation, backing off, then parked', () => {
    for (const trigger of m.streamTriggers) {
      const redrive = trigger.onFailure?.redrive;
      expect(redrive, trigger.table).toBeDefined();
      const sqsMappings = ofType('AWS::Lambda::EventSourceMapping').filter(
        ([, mapping]) =>
          JSON.stringify(mapping.Properties.FunctionName) === `{"Ref":"${fnLogicalId(redrive ?? '')}"}`,
      );
      expect(sqsMappings).toHaveLength(1);
      const mapping = sqsMappings[0]?.[1].Properties ?? {};
      expect(mapping).toMatchObject({ BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
      const queueId = (mapping.EventSourceArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] as string;
      const queue = resources[queueId] as Resource;
      const timeout = m.functions[redrive as keyof typeof m.functions]?.timeoutSeconds ?? 0;
      expect(queue.Properties).toMatchObject({
        VisibilityTimeout: 6 * timeout,
        RedrivePolicy: { maxReceiveCount: trigger.onFailure?.maxReceiveCount },
      });
      // The dispatcher's on-failure destination is that queue.
      const streamMapping = ofType('AWS::Lambda::EventSourceMapping').find(
        ([, candidate]) =>
          JSON.stringify(candidate.Properties.FunctionName) === `{"Ref":"${fnLogicalId(trigger.function)}"}`,
      );
      expect(JSON.stringify(streamMapping?.[1].Properties.DestinationConfig)).toContain(queueId);
      expect(JSON.stringify(fnEnvironment(redrive ?? '')[m.streamFailuresQueueUrlEnv])).toContain(queueId);
      const actions = fnStatements(redrive ?? '').flatMap(actionsOf);
      expect(actions).toEqual(
        expect.arrayContaining([
          'dynamodb:GetShardIterator',
          'dynamodb:GetRecords',
          'sqs:ChangeMessageVisibility',
        ]),
      );
    }
  });

  it('alarms when failed batches wait too long to be redriven and when one is parked', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    expect(alarms).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 900 }),
        expect.objectContaining({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1 }),
      ]),
    );
  });

  it('lets only the consumer read the stream and write its failure queue (TLS only)', () => {
    s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('creates one EventBridge rule per manifest schedule, targeting its function at its rate', () => {
    const rules = ofType('AWS::Events::Rule').filter(
      ([, resource]) => resource.Properties.ScheduleExpression,
    );
    expect(rules).toHaveLength(m.schedules.length);
    for (const schedule of m.schedules) {
      const rule = rules.find(([, resource]) =>
        JSON.stringify(resource.Properties.Targets).includes(fnLogicalId(schedule.function)),
      );
      expect(rule?.[1].Properties.ScheduleExpression).toBe(
        `rate(${schedule.rateSeconds / 60} minute${schedule.rateSeconds === 60 ? '' : 's'})`,
      );
    }
  });
});

describe('machine transcripts of voices', () => {
  const starters = Object.entries(m.functions)
    .filter(([, spec]) => spec.startsTranscriptions)
    .map(([name]) => name);

  it('hands this stack’s finished and failed Transcribe jobs, and no other stack’s, to the transcripts function', () => {
    const jobPrefix = s.stack.transcription.jobPrefix;
    expect(jobPrefix).toBe(`${s.stack.stackName}-voice-`);
    const rules = ofType('AWS::Events::Rule').filter(([, resource]) => resource.Properties.EventPattern);
    expect(rules).toHaveLength(1);
    expect(rules[0]?.[1].Properties.EventPattern).toEqual({
      source: ['aws.transcribe'],
      'detail-type': ['Transcribe Job State Change'],
      detail: {
        TranscriptionJobName: [{ prefix: jobPrefix }],
        TranscriptionJobStatus: ['COMPLETED', 'FAILED'],
      },
    });
    expect(JSON.stringify(rules[0]?.[1].Properties.Targets)).toContain(
      fnLogicalId(m.transcriptionEvents.function),
    );
  });

  it('gives the job prefix to the functions that start jobs and the one that finishes them, and the right to start jobs to the starters only', () => {
    expect(starters.sort()).toEqual(['dispatch', 'redriveStream']);
    for (const name of Object.keys(m.functions)) {
      const starts = starters.includes(name);
      const knowsPrefix = starts || name === m.transcriptionEvents.function;
      expect(fnEnvironment(name)[m.transcriptionJobPrefixEnv] !== undefined, name).toBe(knowsPrefix);
      const mayStart = fnStatements(name).some((statement) =>
        actionsOf(statement).includes('transcribe:StartTranscriptionJob'),
      );
      expect(mayStart, name).toBe(starts);
    }
  });
});

describe('console hosting', () => {
  it('keeps the bucket private, encrypted, TLS-only and access-logged', () => {
    const bucketId = s.logicalId(s.stack.console.bucket);
    expect(resources[bucketId]?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: { LogFilePrefix: 'console-bucket/' },
    });
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('serves the SPA through CloudFront with origin access control and an index.html fallback', () => {
    s.template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    s.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https' },
        Origins: [Match.objectLike({ OriginAccessControlId: { 'Fn::GetAtt': [Match.anyValue(), 'Id'] } })],
        CustomErrorResponses: [403, 404].map((code) => ({
          ErrorCode: code,
          ResponseCode: 200,
          ResponsePagePath: '/index.html',
          ErrorCachingMinTTL: 0,
        })),
        Logging: { Prefix: 'cloudfront/' },
      },
    });
  });

  it('uploads the build and a config.json with the API URLs', () => {
    const [deployment] = ofType('Custom::CDKBucketDeployment');
    const properties = deployment?.[1].Properties ?? {};
    expect(properties.DestinationBucketName).toEqual({ Ref: s.logicalId(s.stack.console.bucket) });
    expect(properties.DistributionPaths).toEqual(['/*']);
    const keys = properties.SourceObjectKeys as string[];
    expect(keys).toHaveLength(2);
    const config = readAsset(s.assembly, `asset.${keys[1]?.replace(/\.zip$/, '')}/config.json`);
    expect(config).toBeDefined();
    const parsed = JSON.parse(config ?? '{}') as Record<string, string>;
    expect(Object.keys(parsed).sort()).toEqual(['httpApiUrl', 'webSocketUrl']);
    // Deploy-time values are markers in the asset, resolved by the upload function from SourceMarkers.
    const markers = (properties.SourceMarkers as Record<string, unknown>[])[1] ?? {};
    const resolved = (value: string) =>
      value.replace(/<<marker:0xbaba:\d+>>/g, (marker) => JSON.stringify(markers[marker]));
    expect(resolved(parsed.httpApiUrl ?? '')).toBe(
      JSON.stringify({ 'Fn::GetAtt': [s.logicalId(s.stack.httpApi.api), 'ApiEndpoint'] }),
    );
    expect(resolved(parsed.webSocketUrl ?? '')).toMatch(
      new RegExp(`^wss://\\{"Ref":"${s.logicalId(s.stack.webSocketApi.api)}"\\}\\.execute-api\\..*/prod$`),
    );
  });
});

describe('outputs', () => {
  it('publishes the URLs and the table names under the keys the admin CLI reads, and no secret', () => {
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    for (const key of ['WeChatCallbackBaseUrl', 'HttpApiUrl', 'WebSocketUrl', 'ConsoleUrl']) {
      expect(outputs[key], key).toBeDefined();
    }
    expect(JSON.stringify(outputs.WeChatCallbackBaseUrl?.Value)).toMatch(/\/wechat\/"\]\]\}$/);
    expect(JSON.stringify(outputs.WebSocketUrl?.Value)).toContain('wss://');
    for (const table of m.tables) {
      expect(outputs[table.outputKey]?.Value).toEqual({ Ref: tableLogicalId(table.id) });
    }
    expect(JSON.stringify(outputs)).not.toContain(secretLogicalId());
  });
});

describe('media bucket', () => {
  function mediaBucketId(): string {
    return s.logicalId(s.stack.media.bucket);
  }

  it('is private, encrypted, TLS-only and kept when the stack goes', () => {
    const bucket = resources[mediaBucketId()];
    expect(bucket?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    expect(bucket?.DeletionPolicy).toBe('Retain');
    const policies = ofType('AWS::S3::BucketPolicy').filter(([, policy]) =>
      JSON.stringify(policy.Properties.Bucket).includes(mediaBucketId()),
    );
    expect(JSON.stringify(policies)).toContain('aws:SecureTransport');
  });

  it("deletes agents' unsent drafts a week after upload, and nothing that was sent or received", () => {
    const lifecycle = resources[mediaBucketId()]?.Properties.LifecycleConfiguration as {
      Rules: Array<Record<string, unknown>>;
    };
    const rules = lifecycle.Rules;
    const expiring = rules.filter((rule) => rule.ExpirationInDays !== undefined);
    expect(expiring).toEqual([{ Prefix: 'drafts/', ExpirationInDays: 7, Status: 'Enabled' }]);
  });

  it("lets the console's origin, and no other, read and put objects through their links (voices decoded, large videos uploaded)", () => {
    expect(resources[mediaBucketId()]?.Properties.CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedMethods: ['GET', 'PUT'],
          AllowedHeaders: ['content-type'],
          AllowedOrigins: [
            {
              'Fn::Join': [
                '',
                ['https://', { 'Fn::GetAtt': [s.logicalId(s.stack.console.distribution), 'DomainName'] }],
              ],
            },
          ],
          MaxAge: 3600,
        },
      ],
    });
  });

  it('is named (MEDIA_BUCKET) to, and object-readable or writable by, exactly the functions that declare it', () => {
    for (const [name, spec] of Object.entries(m.functions)) {
      const media = spec.media;
      const onBucket = fnStatements(name).filter((statement) =>
        JSON.stringify(statement.Resource).includes(mediaBucketId()),
      );
      const actions = onBucket.flatMap(actionsOf).sort();
      if (!media) {
        expect(fnEnvironment(name)[m.mediaBucketEnv]).toBeUndefined();
        expect(actions, name).toEqual([]);
        continue;
      }
      expect(fnEnvironment(name)[m.mediaBucketEnv]).toEqual({ Ref: mediaBucketId() });
      expect(actions, name).toEqual(
        media === 'readWrite' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
      );
    }
  });
});

/** The alarms whose metrics (plain or inside a math expression) mention every one of `needles`. */
function alarmsMentioning(...needles: string[]): Record<string, unknown>[] {
  return ofType('AWS::CloudWatch::Alarm')
    .map(([, alarm]) => alarm.Properties)
    .filter((properties) => needles.every((needle) => JSON.stringify(properties).includes(needle)));
}

describe('alarms', () => {
  it('alarms on every function’s errors and throttles, and notifies the alarm topic', () => {
    const topic = s.logicalId(s.stack.monitoring.topic);
    for (const name of Object.keys(m.functions)) {
      const fn = fnLogicalId(name);
      for (const metricName of ['Errors', 'Throttles']) {
        const found = ofType('AWS::CloudWatch::Alarm').filter(
          ([, alarm]) =>
            alarm.Properties.MetricName === metricName &&
            JSON.stringify(alarm.Properties.Dimensions) ===
              JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fn } }]),
        );
        expect(found, `${name} ${metricName}`).toHaveLength(1);
        expect(found[0]?.[1].Properties).toMatchObject({
          Namespace: 'AWS/Lambda',
          Threshold: 1,
          AlarmActions: [{ Ref: topic }],
          OKActions: [{ Ref: topic }],
          TreatMissingData: 'notBreaching',
        });
      }
    }
  });

  it('alarms when the stream consumer runs more than a minute behind', () => {
    for (const trigger of m.streamTriggers) {
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'IteratorAge',
        Statistic: 'Maximum',
        Threshold: 60_000,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnLogicalId(trigger.function) } }],
      });
    }
  });

  it('alarms on any note in the stream failure queue, visible or being redriven', () => {
    const [alarm] = alarmsMentioning('ApproximateNumberOfMessagesNotVisible');
    expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect(JSON.stringify(alarm)).toContain('visible + inFlight');
  });

  it('alarms on API Gateway 5xx of the callback routes, whose route metrics are enabled (and no others)', () => {
    const callbackRoutes = m.httpRoutes.filter((route) => route.detailedMetrics);
    expect(callbackRoutes.map((route) => `${route.method} ${route.path}`)).toEqual([
      'GET /wechat/{appId}',
      'POST /wechat/{appId}',
    ]);
    const [alarm] = alarmsMentioning('"MetricName":"5xx"');
    for (const route of callbackRoutes) {
      expect(JSON.stringify(alarm)).toContain(`{"Name":"Route","Value":"${route.method} ${route.path}"}`);
    }
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      RouteSettings: {
        'GET /wechat/{appId}': { DetailedMetricsEnabled: true },
        'POST /wechat/{appId}': { DetailedMetricsEnabled: true },
      },
    });
    const stage = ofType('AWS::ApiGatewayV2::Stage').find(([, r]) => r.Properties.StageName === '$default');
    expect(Object.keys(stage?.[1].Properties.RouteSettings as object)).toHaveLength(2);
  });

  it('alarms on sends WeChat refused for the IP whitelist (40164, 61004), from every function that calls WeChat', () => {
    const senders = Object.entries(m.functions).filter(([, spec]) => spec.callsWeChat);
    expect(senders.map(([name]) => name).sort()).toEqual(
      ['adminApi', 'api', 'dispatch', 'housekeeping', 'redriveStream', 'wsMessage'].sort(),
    );
    for (const errcode of ['40164', '61004']) {
      const alarms = alarmsMentioning('"MetricName":"SendFailed"', `{"Name":"errcode","Value":"${errcode}"}`);
      expect(alarms, errcode).toHaveLength(1);
      const [alarm] = alarms;
      expect(alarm?.AlarmDescription).toContain('IP白名单');
      expect(alarm?.AlarmDescription).toContain('WeChatEgressIp');
      expect(alarm).toMatchObject({ Threshold: 1, TreatMissingData: 'notBreaching' });
      for (const [name] of senders) {
        const service = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
        expect(JSON.stringify(alarm)).toContain(`{"Name":"service","Value":"${service}"}`);
      }
      expect(JSON.stringify(alarm)).toContain('"Namespace":"WeChatCs"');
    }
  });

  it('alarms per errcode the operator must act on, and on sends WeChat never answered', () => {
    for (const errcode of ['40001', '40125', '45009', '48001', 'none']) {
      expect(
        alarmsMentioning('"MetricName":"SendFailed"', `{"Name":"errcode","Value":"${errcode}"}`),
        errcode,
      ).toHaveLength(1);
    }
  });

  it('sends every alarm of the stack to the topic, which takes no subscription unless asked and enforces TLS', () => {
    const topic = s.logicalId(s.stack.monitoring.topic);
    for (const [id, alarm] of ofType('AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topic }]);
    }
    s.template.resourceCountIs('AWS::SNS::Subscription', 0);
    s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('dashboard', () => {
  it('shows messages per minute, latency, failures, queues and agents online', () => {
    const [[, dashboard] = []] = ofType('AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const title of [
      'Messages per minute',
      'Latency (ms)',
      'Failures',
      'Queues and stream lag',
      'Agents online (a console connected)',
    ]) {
      expect(body).toContain(title);
    }
    for (const metric of [
      'MessageReceived',
      'MessageSent',
      'SendLatency',
      'AgentsConnected',
      'IteratorAge',
    ]) {
      expect(body).toContain(metric);
    }
    expect(body).toContain('ApproximateNumberOfMessagesVisible');
    expect(body).toContain('SEARCH(');
  });
});

describe('without fixed egress or API domains', () => {
  it('creates no VPC resource and puts no function in a VPC', () => {
    const ec2 = Object.values(resources).filter((resource) => resource.Type.startsWith('AWS::EC2::'));
    expect(ec2).toEqual([]);
    for (const name of Object.keys(m.functions)) expect(fnProps(name).VpcConfig, name).toBeUndefined();
    const outputs = s.template.toJSON().Outputs as Record<string, unknown>;
    expect(outputs.WeChatEgressIp).toBeUndefined();
  });

  it('serves the APIs on their execute-api addresses only', () => {
    s.template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    s.template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 0);
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.WeChatCallbackBaseUrl?.Value).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [s.logicalId(s.stack.httpApi.api), 'ApiEndpoint'] }, '/wechat/']],
    });
    expect(outputs.HttpApiDomainTarget).toBeUndefined();
    expect(outputs.WebSocketDomainTarget).toBeUndefined();
  });
});

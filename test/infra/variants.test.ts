/**
 * The stack's knobs, on one synthesis: a manifest with a schedule, a non-prod stage, an own console
 * domain, an account that already has API Gateway's logging role, and a concrete account and region
 * (app.ts synthesizes environment-agnostic; cdk-nag acknowledgements must hold either way). Plus the
 * manifest checks, which fail before anything is bundled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { checkManifest, WeChatCsStack } from '../../infra/stack.ts';
import {
  acknowledgements,
  cdkJsonContext,
  fixtureConsole,
  fixtureManifest,
  type Synthesized,
  synthesize,
} from './synth.ts';

const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
let s: Synthesized;

beforeAll(() => {
  s = synthesize(
    {
      stage: 'staging',
      manifest: fixtureManifest({ schedules: [{ function: 'dispatch', rateSeconds: 300 }] }),
      apiGatewayCloudWatchRole: false,
      consoleDomain: { domainName: 'cs.example.com', certificateArn },
      env: { account: '123456789012', region: 'eu-west-1' },
    },
    'WeChatCs-staging',
  );
});

afterAll(() => s.cleanup());

describe('a manifest with a schedule', () => {
  it('yields one EventBridge rule at that rate, targeting that function', () => {
    const rules = s.template.findResources('AWS::Events::Rule', {
      Properties: { ScheduleExpression: Match.anyValue() },
    });
    expect(Object.keys(rules)).toHaveLength(1);
    const [rule] = Object.values(rules) as { Properties: Record<string, unknown> }[];
    const dispatchFunction = s.stack.functions.get('dispatch');
    if (!dispatchFunction) throw new Error('no dispatch function');
    const dispatch = s.logicalId(dispatchFunction.function);
    expect(rule?.Properties).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [dispatch, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 },
        },
      ],
    });
    s.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [dispatch, 'Arn'] },
    });
  });
});

describe('a non-prod stage', () => {
  it('names the WebSocket stage after it and the callback URL follows', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: 'staging' });
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs.WebSocketUrl?.Value)).toMatch(/\/staging"\]\]\}$/);
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'WeChatCs-staging-ws' });
  });

  it('turns DynamoDB deletion protection off by default (tables are still retained)', () => {
    const tables = Object.values(s.template.findResources('AWS::DynamoDB::GlobalTable')) as {
      DeletionPolicy: string;
      Properties: { Replicas: { DeletionProtectionEnabled: boolean }[] };
    }[];
    expect(tables).toHaveLength(3);
    for (const table of tables) {
      expect(table.Properties.Replicas[0]?.DeletionProtectionEnabled).toBe(false);
      expect(table.DeletionPolicy).toBe('Retain');
    }
  });
});

describe('an account that already has the API Gateway logging role', () => {
  it('leaves the account setting alone', () => {
    s.template.resourceCountIs('AWS::ApiGateway::Account', 0);
  });
});

describe('an own console domain', () => {
  it('serves the console there with TLS 1.2 at least, and allows that origin in CORS', () => {
    s.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['cs.example.com'],
        ViewerCertificate: {
          AcmCertificateArn: certificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      },
    });
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: { AllowOrigins: ['https://cs.example.com'] },
    });
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.ConsoleUrl?.Value).toBe('https://cs.example.com/');
  });

  it('passes cdk-nag without the CFR4 acknowledgement', () => {
    expect(s.nag.violations.map((v) => v.ruleName)).toEqual([]);
    expect(acknowledgements(s.app).filter((ack) => ack.id.endsWith('AwsSolutions-CFR4'))).toEqual([]);
  });
});

describe('manifest checks', () => {
  it('names every dangling reference', () => {
    const broken = fixtureManifest({
      httpRoutes: [{ method: 'GET', path: '/nowhere', function: 'ghost' }],
      schedules: [{ function: 'phantom', rateSeconds: 60 }],
    });
    expect(() => checkManifest(broken)).toThrow(/HTTP route GET \/nowhere refers to function "ghost"/);
    expect(() => checkManifest(broken)).toThrow(/a schedule refers to function "phantom"/);
  });

  it('rejects a stream trigger on a table without a stream', () => {
    const broken = fixtureManifest({
      streamTriggers: [
        {
          table: 'core',
          function: 'dispatch',
          batchSize: 10,
          retryAttempts: 1,
          maxRecordAgeSeconds: 60,
          bisectBatchOnError: true,
        },
      ],
    });
    expect(() => checkManifest(broken)).toThrow(/stream trigger on core needs a table with a stream/);
  });

  it('rejects a schedule that is not a whole number of minutes', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'wechat-cs-broken-'));
    onTestFinished(() => rmSync(outdir, { recursive: true, force: true }));
    const app = new App({ context: cdkJsonContext(), outdir });
    expect(
      () =>
        new WeChatCsStack(app, 'Broken', {
          manifest: fixtureManifest({ schedules: [{ function: 'dispatch', rateSeconds: 90 }] }),
          consoleAssetPath: fixtureConsole,
        }),
    ).toThrow(/whole number of minutes/);
  });
});

/**
 * The monitoring construct on its own (no bundling): an alarm that would sum more metrics than
 * CloudWatch accepts in one alarm fails the synthesis, instead of the deployment.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { Monitoring, type MonitoringProps } from '../../infra/constructs/monitoring.ts';

function props(stack: Stack, senders: number): MonitoringProps {
  const names = Array.from({ length: senders }, (_, i) => `sender${i}`);
  return {
    dashboardName: 'Test',
    metricsNamespace: 'Test',
    functions: names.map((name) => ({
      name,
      function: LambdaFunction.fromFunctionName(stack, name, name),
    })),
    senders: names,
    streamConsumers: [],
    mediaCollectors: [],
    queues: [],
    httpApi: { apiId: 'api', stage: '$default', callbackRoutes: ['POST /wechat/{appId}'] },
    webSocketApi: { apiId: 'ws', stage: 'prod' },
    otherAlarms: [],
  };
}

describe('monitoring', () => {
  it('builds its alarms for ten sending functions', () => {
    const stack = new Stack(new App(), 'Ten');
    expect(() => new Monitoring(stack, 'Monitoring', props(stack, 10))).not.toThrow();
  });

  it('refuses an alarm over more metrics than CloudWatch allows, naming it', () => {
    const stack = new Stack(new App(), 'Eleven');
    expect(() => new Monitoring(stack, 'Monitoring', props(stack, 11))).toThrow(
      /alarm WeChatIpNotWhitelisted40164 would watch 11 metrics; CloudWatch allows 10/,
    );
  });
});

describe('customer media alarm', () => {
  it("alarms on customer media not kept for WeChat's refusal, silence or expiry, by the stream consumer or its redrive", () => {
    const stack = new Stack(new App(), 'Media');
    new Monitoring(stack, 'Monitoring', {
      ...props(stack, 2),
      streamConsumers: ['sender0'],
      mediaCollectors: ['sender0', 'sender1'],
    });
    const alarms = Object.values(
      Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', {
        Properties: { AlarmDescription: Match.stringLikeRegexp('media could not be copied') },
      }),
    );
    expect(alarms).toHaveLength(1);
    const watched = JSON.stringify(alarms[0]);
    for (const reason of ['refused', 'unreachable', 'expired']) {
      expect(watched).toContain(`{"Name":"reason","Value":"${reason}"}`);
    }
    expect(watched).toContain('"MetricName":"MediaUnavailable"');
    for (const service of ['sender0', 'sender1']) {
      expect(watched).toContain(`{"Name":"service","Value":"${service}"}`);
    }
    expect(watched).not.toContain('too-large');
    expect(watched).not.toContain('corrupt');
  });
});

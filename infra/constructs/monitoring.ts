/**
 * What tells the operator that something is wrong before customers notice, and one dashboard to see
 * how the system is doing. Alarms go to one SNS topic (an e-mail subscription when an address is
 * given); every alarm is standard resolution over 5 minutes (about $0.10 a month each) and treats
 * missing data as fine, since an idle stack publishes nothing.
 *
 * - each function: errors and throttles;
 * - the stream consumer: iterator age (how far behind the message log it runs);
 * - the stream failure queue (the trigger's own alarms): any message in it is a customer message or
 *   answer that has not been dispatched yet;
 * - the callback routes: API Gateway 5xx (WeChat retries, then gives up on the message);
 * - sends to WeChat: the errcodes only the operator can fix (the IP whitelist's 40164 and 61004, a
 *   refused AppSecret, the daily quota, a missing permission), and sends WeChat never answered.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ipNotWhitelistedErrcodes, metricNames, serviceNameOf } from '../../shared/observability/names.ts';

export interface MonitoredFunction {
  /** The manifest's name, e.g. `wechatCallback` (its metrics' `service` is derived from it). */
  readonly name: string;
  readonly function: IFunction;
}

export interface MonitoringProps {
  readonly dashboardName: string;
  /** The CloudWatch namespace of the functions' own metrics (Powertools EMF). */
  readonly metricsNamespace: string;
  readonly functions: readonly MonitoredFunction[];
  /** Functions that send to WeChat (their `SendFailed`, `MessageSent` and `SendLatency`). */
  readonly senders: readonly string[];
  /** The functions consuming a table stream (iterator age). */
  readonly streamConsumers: readonly string[];
  /** The functions that copy customers' media: the stream consumer and its redrive (`MediaUnavailable`). */
  readonly mediaCollectors: readonly string[];
  /** Queues whose depth the dashboard shows (stream failures, parked). */
  readonly queues: readonly { readonly label: string; readonly queue: IQueue }[];
  readonly httpApi: {
    readonly apiId: string;
    readonly stage: string;
    readonly callbackRoutes: readonly string[];
  };
  readonly webSocketApi: { readonly apiId: string; readonly stage: string };
  /** Alarms the stack made elsewhere (the stream trigger's), to notify through the same topic. */
  readonly otherAlarms: readonly Alarm[];
  /** Receives every alarm and its recovery; subscribed only after the address confirms. */
  readonly alarmEmail?: string;
}

const fiveMinutes = Duration.minutes(5);
const oneMinute = Duration.minutes(1);
const oneHour = Duration.hours(1);
/** A hard limit of CloudWatch for alarms on metric math. */
const maxMetricsPerAlarm = 10;

/** Errcodes WeChat answers sends with that the operator, not the agent, has to act on. */
const operatorErrcodes: readonly { errcode: number; what: string }[] = [
  { errcode: 40001, what: "the app's access token or AppSecret was refused (AppSecret changed?)" },
  { errcode: 40125, what: 'the AppSecret is wrong' },
  { errcode: 45009, what: "the app used up today's API quota" },
  { errcode: 48001, what: 'the app may not use customer-service messages' },
];

export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    this.topic = new Topic(this, 'Alarms', {
      displayName: 'WeChat customer service alarms',
      enforceSSL: true,
    });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'The topic carries CloudWatch alarm notices (alarm names, metric values), no customer data. ' +
        'CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, and a ' +
        'customer-managed KMS key would cost a fixed monthly fee for an otherwise idle stack.',
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const own = (metricName: string, service: string, dimensions: Record<string, string> = {}) =>
      new Metric({
        namespace: props.metricsNamespace,
        metricName,
        dimensionsMap: { service: serviceNameOf(service), ...dimensions },
        statistic: 'Sum',
        period: fiveMinutes,
      });
    // Metric ids unique across the construct: one graph may show several sums.
    let sums = 0;
    /** One metric of ours summed over several services (Powertools adds `service` to every one). */
    const summed = (label: string, metrics: IMetric[], period = fiveMinutes) => {
      const ids = metrics.map((_, i) => `s${sums}m${i}`);
      sums++;
      return new MathExpression({
        expression: metrics.length === 1 ? String(ids[0]) : `SUM([${ids.join(',')}])`,
        usingMetrics: Object.fromEntries(metrics.map((metric, i) => [ids[i], metric])),
        label,
        period,
      });
    };

    // Each function: errors and throttles.
    for (const { name, function: fn } of props.functions) {
      this.alarm(`${pascal(name)}Errors`, {
        description: `The ${name} function failed (an uncaught error or a timeout). See its log group.`,
        metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
      });
      this.alarm(`${pascal(name)}Throttles`, {
        description:
          `The ${name} function was throttled: the account's Lambda concurrency is used up. ` +
          'Raise the quota or look for a runaway caller.',
        metric: fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
      });
    }

    const functionNamed = (name: string): IFunction => {
      const found = props.functions.find((fn) => fn.name === name);
      if (!found) throw new Error(`monitoring: no function ${name}`);
      return found.function;
    };

    // The stream consumer running behind: agents see messages late, answers go out late.
    for (const name of props.streamConsumers) {
      this.alarm(`${pascal(name)}IteratorAge`, {
        description:
          `The ${name} stream consumer is more than a minute behind the message log: agents see ` +
          'customers’ messages and customers get answers that much later. Records older than ten ' +
          'minutes go to the stream failure queue.',
        metric: functionNamed(name).metric('IteratorAge', { statistic: 'Maximum', period: fiveMinutes }),
        threshold: 60_000,
      });
    }

    // API Gateway 5xx on the callback routes (route metrics, enabled for these routes only).
    const callbackMetric = (metricName: string, route: string, statistic: string, period = fiveMinutes) =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: props.httpApi.apiId, Stage: props.httpApi.stage, Route: route },
        statistic,
        period,
      });
    this.alarm('Callback5xx', {
      description:
        'WeChat’s callbacks were answered with a server error: WeChat retries three times, then drops ' +
        'the customer’s message. See the wechat-callback function’s logs.',
      metric: summed(
        'Callback 5xx',
        props.httpApi.callbackRoutes.map((route) => callbackMetric('5xx', route, 'Sum')),
      ),
      threshold: 1,
    });

    // Sends WeChat refused.
    const sendFailed = (errcode: number | undefined) =>
      props.senders.map((service) =>
        own(metricNames.sendFailed, service, { errcode: errcode === undefined ? 'none' : String(errcode) }),
      );
    // One alarm per errcode: an alarm's math may use 10 metrics at most, one per sending function.
    for (const errcode of ipNotWhitelistedErrcodes) {
      this.alarm(`WeChatIpNotWhitelisted${errcode}`, {
        description:
          `WeChat refused a send with ${errcode}: the address the functions call WeChat from is not ` +
          'on the app’s IP whitelist (IP白名单). Add the stack output WeChatEgressIp in WeChat’s ' +
          'developer settings (deploy with -c fixedEgress=true if the stack has none).',
        metric: summed(`Sends refused: ${errcode} (IP not whitelisted)`, sendFailed(errcode)),
        threshold: 1,
      });
    }
    for (const { errcode, what } of operatorErrcodes) {
      this.alarm(`WeChatSendFailed${errcode}`, {
        description: `WeChat refused a send with errcode ${errcode}: ${what}.`,
        metric: summed(`Sends refused: ${errcode}`, sendFailed(errcode)),
        threshold: 1,
      });
    }
    this.alarm('WeChatUnreachable', {
      description:
        'Sends failed without an errcode from WeChat: mostly WeChat not answering after the retries ' +
        '(network errors, timeouts, HTTP errors; with fixed egress, check the NAT gateway), else a ' +
        'message that could not be prepared (a picture missing from the media bucket). See the logs.',
      metric: summed('Sends without an answer', sendFailed(undefined)),
      threshold: 5,
    });

    // Customers' voices and videos the stream consumer (or its redrive) could not keep a copy of, for
    // reasons an operator can act on (a file too large, of another type or broken is the customer's,
    // told in the thread).
    if (props.mediaCollectors.length > 0) {
      const mediaReasons = ['refused', 'unreachable', 'expired'];
      this.alarm('CustomerMediaNotKept', {
        description:
          'Customers’ media could not be copied out of WeChat: WeChat refused (e.g. 45009, the day’s API ' +
          'quota), did not answer, or the media had already expired (the stream consumer ran days late). ' +
          'Agents see why in the thread; filter the logs for "could not keep a copy of a customer medium".',
        metric: summed(
          'Customer media not kept',
          props.mediaCollectors.flatMap((service) =>
            mediaReasons.map((reason) => own(metricNames.mediaUnavailable, service, { reason })),
          ),
        ),
        threshold: 5,
      });
    }

    for (const alarm of props.otherAlarms) this.notify(alarm);

    this.dashboard = this.buildDashboard(props, own, summed, callbackMetric, functionNamed);
  }

  private alarm(id: string, options: { description: string; metric: IMetric; threshold: number }): void {
    const metrics =
      options.metric instanceof MathExpression ? Object.keys(options.metric.usingMetrics).length : 1;
    if (metrics > maxMetricsPerAlarm) {
      throw new Error(
        `alarm ${id} would watch ${metrics} metrics; CloudWatch allows ${maxMetricsPerAlarm} in one alarm`,
      );
    }
    const alarm = new Alarm(this, id, {
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.notify(alarm);
    this.alarms.push(alarm);
  }

  private notify(alarm: Alarm): void {
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }

  private buildDashboard(
    props: MonitoringProps,
    own: (metricName: string, service: string, dimensions?: Record<string, string>) => Metric,
    summed: (label: string, metrics: IMetric[], period?: Duration) => MathExpression,
    callbackMetric: (metricName: string, route: string, statistic: string, period?: Duration) => Metric,
    functionNamed: (name: string) => IFunction,
  ): Dashboard {
    const perMinute = (metricName: string, services: readonly string[], label: string) =>
      summed(
        label,
        services.map((service) => own(metricName, service).with({ period: oneMinute })),
        oneMinute,
      );
    const width = 12;
    // Powertools puts `service` on every metric; summing over every function finds a metric wherever it is emitted.
    const everyService = props.functions.map((fn) => fn.name);
    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });
    dashboard.addWidgets(
      new TextWidget({
        markdown:
          '# WeChat customer service\nMessages per minute, how fast they move, what failed, what waits. ' +
          'Alarms notify the stack’s SNS topic.',
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Messages per minute',
        width,
        left: [
          perMinute(metricNames.messageReceived, everyService, 'Inbound (customers)'),
          perMinute(metricNames.messageSent, props.senders, 'Outbound (sent to WeChat)'),
        ],
      }),
      new GraphWidget({
        title: 'Latency (ms)',
        width,
        left: props.httpApi.callbackRoutes.map((route) =>
          callbackMetric('Latency', route, 'p99', oneMinute).with({ label: `Callback p99: ${route}` }),
        ),
        right: props.senders.map((service) =>
          own(metricNames.sendLatency, service)
            .with({ statistic: 'p99', period: oneMinute })
            .with({ label: `Answer written → WeChat took it, p99 (${service})` }),
        ),
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Failures',
        width,
        left: [
          new MathExpression({
            expression: sendFailedSearch(props.metricsNamespace, 60),
            label: 'Sends refused by errcode',
            period: oneMinute,
          }),
          summed(
            'Callback 5xx',
            props.httpApi.callbackRoutes.map((route) => callbackMetric('5xx', route, 'Sum', oneMinute)),
            oneMinute,
          ),
          summed(
            'Function errors',
            props.functions.map(({ function: fn }) =>
              fn.metricErrors({ period: oneMinute, statistic: 'Sum' }),
            ),
            oneMinute,
          ),
        ],
      }),
      new GraphWidget({
        title: 'Queues and stream lag',
        width,
        left: props.queues.map(({ label, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: oneMinute, statistic: 'Maximum', label }),
        ),
        right: props.streamConsumers.map((name) =>
          functionNamed(name).metric('IteratorAge', {
            statistic: 'Maximum',
            period: oneMinute,
            label: `${name} iterator age (ms)`,
          }),
        ),
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Agents online (a console connected)',
        width,
        left: [
          summed(
            'Agents online',
            everyService.map((service) =>
              own(metricNames.agentsConnected, service).with({ statistic: 'Maximum', period: oneMinute }),
            ),
            oneMinute,
          ),
        ],
      }),
      new SingleValueWidget({
        title: 'Last hour',
        width,
        metrics: [
          summed(
            'Inbound messages',
            everyService.map((service) =>
              own(metricNames.messageReceived, service).with({ period: oneHour }),
            ),
            oneHour,
          ),
          summed(
            'Sent to WeChat',
            props.senders.map((service) => own(metricNames.messageSent, service).with({ period: oneHour })),
            oneHour,
          ),
          new MathExpression({
            expression: `SUM(${sendFailedSearch(props.metricsNamespace, 3600)})`,
            label: 'Sends refused',
            period: oneHour,
          }),
        ],
      }),
    );
    return dashboard;
  }
}

/** Every `SendFailed` series (one per function and errcode), whichever errcodes WeChat has answered. */
function sendFailedSearch(namespace: string, periodSeconds: number): string {
  return `SEARCH('{${namespace},errcode,service} MetricName="${metricNames.sendFailed}"', 'Sum', ${periodSeconds})`;
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

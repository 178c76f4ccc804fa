/**
 * A DynamoDB Streams trigger: an event source mapping from a table's stream to a function, with
 * partial batch failures, retries bounded by the records' age, an SQS queue that records what could
 * not be processed, and the redrive that consumes it. Close to the Powertools example app's stream
 * consumer (AWS.md §3.9), without its INSERT filter: the dispatcher also needs MODIFY records
 * (status changes become `message.updated` frames). The numbers come from the manifest's trigger
 * (`infra/manifest.ts`), which also says why they are what they are; the local runtime reads the same.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface StreamTriggerProps {
  readonly table: ITableV2;
  readonly function: IFunction;
  readonly batchSize: number;
  /** -1: no limit but the records' age. */
  readonly retryAttempts: number;
  readonly maxRecordAgeSeconds: number;
  readonly bisectBatchOnError: boolean;
  /** Consumes the failure queue: reads the failed batches again from the stream and dispatches them. */
  readonly redrive?: {
    readonly function: LambdaFunction;
    readonly timeoutSeconds: number;
    readonly maxReceiveCount: number;
    /** The environment variable through which the redrive learns the queue's URL. */
    readonly queueUrlEnv: string;
  };
}

export class StreamTrigger extends Construct {
  /**
   * Where Lambda reports batches it gave up on (record age or retries exhausted). A stream's
   * on-failure destination receives the batch's metadata (shard, sequence number range), not the
   * records: the redrive reads them again from the stream, which keeps them 24 hours.
   */
  readonly failures: Queue;
  /** Notes the redrive failed on `maxReceiveCount` times: a person has to look. */
  readonly parked?: Queue;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: StreamTriggerProps) {
    super(scope, id);

    const encrypted = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;
    if (props.redrive) {
      this.parked = new Queue(this, 'Parked', { ...encrypted, retentionPeriod: Duration.days(14) });
      Validations.of(this.parked).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself the dead-letter queue of the stream failure queue: what lands here ' +
          'is for a person (an alarm goes off), not for another queue.',
      });
    }
    this.failures = new Queue(this, 'Failures', {
      ...encrypted,
      retentionPeriod: Duration.days(14),
      // As AWS advises for a queue that triggers a function; the redrive shortens it per message
      // to back off (ChangeMessageVisibility).
      ...(props.redrive ? { visibilityTimeout: Duration.seconds(6 * props.redrive.timeoutSeconds) } : {}),
      ...(this.parked && props.redrive
        ? { deadLetterQueue: { queue: this.parked, maxReceiveCount: props.redrive.maxReceiveCount } }
        : {}),
    });
    if (!this.parked) {
      Validations.of(this.failures).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          "This queue is itself the dead-letter destination of the stream trigger's event source " +
          'mapping; a queue behind it would only hold what nobody consumes from this one.',
      });
    }

    props.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: props.batchSize,
        // Hand records over as soon as they arrive: agents are waiting for them.
        maxBatchingWindow: Duration.seconds(0),
        reportBatchItemFailures: true,
        bisectBatchOnError: props.bisectBatchOnError,
        retryAttempts: props.retryAttempts,
        maxRecordAge: Duration.seconds(props.maxRecordAgeSeconds),
        onFailure: new SqsDlq(this.failures),
        // One batch per shard at a time. A conversation's messages share a partition key and so a
        // shard, and with a factor of 1 Lambda delivers a shard's records strictly in order, one
        // batch after the other. Above 1, Lambda keeps order only per item (partition + sort key),
        // so two messages of one conversation could be pushed to the agent out of order.
        parallelizationFactor: 1,
      }),
    );

    // Any note in the queue is a batch of the message log the trigger gave up on: customers' messages
    // that may not have reached agents, or answers not yet sent. Visible or being redriven, it counts.
    this.alarms.push(
      new Alarm(this, 'FailuresWaiting', {
        alarmDescription:
          'The stream trigger gave up on a batch of the message log (it failed for ten minutes): ' +
          'customer messages or answers in it may not have been dispatched yet. The redrive is trying ' +
          'again; see the dispatch function’s logs for why it failed.',
        metric: new MathExpression({
          expression: 'visible + inFlight',
          usingMetrics: {
            visible: this.failures.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' }),
            inFlight: this.failures.metricApproximateNumberOfMessagesNotVisible({ statistic: 'Maximum' }),
          },
          label: 'Stream failure notes waiting',
          period: Duration.minutes(5),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    if (props.redrive && this.parked) {
      const redrive = props.redrive.function;
      // One note (one failed batch) per invocation: a failing one is postponed on its own.
      redrive.addEventSource(
        new SqsEventSource(this.failures, { batchSize: 1, reportBatchItemFailures: true }),
      );
      props.table.grantStreamRead(redrive);
      redrive.addEnvironment(props.redrive.queueUrlEnv, this.failures.queueUrl);
      // Notes keep failing to be redriven (each failure waits longer: 30 s, 1, 2, 4 … minutes).
      this.alarms.push(
        new Alarm(this, 'FailuresNotRedriven', {
          alarmDescription:
            'Stream batches the dispatcher gave up on have waited more than 15 minutes to be redriven: ' +
            'messages may not have reached agents or WeChat yet. See the redrive function’s logs.',
          metric: this.failures.metricApproximateAgeOfOldestMessage({
            period: Duration.minutes(5),
            statistic: 'Maximum',
          }),
          threshold: 15 * 60,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
        new Alarm(this, 'FailuresParked', {
          alarmDescription:
            'A stream batch could not be redriven and was parked: its messages were not dispatched. ' +
            'The parked note names the shard and sequence numbers (the stream keeps records 24 hours).',
          metric: this.parked.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(5),
            statistic: 'Maximum',
          }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
  }
}

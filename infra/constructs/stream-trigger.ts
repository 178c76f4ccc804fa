/**
 * A DynamoDB Streams trigger: an event source mapping from a table's stream to a function, with
 * partial batch failures, bounded retries and an SQS queue that records what could not be processed.
 * Close to the Powertools example app's stream consumer (AWS.md §3.9), without its INSERT filter:
 * the dispatcher also needs MODIFY records (status changes become `message.updated` frames).
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface StreamTriggerProps {
  readonly table: ITableV2;
  readonly function: IFunction;
  readonly batchSize: number;
  readonly retryAttempts: number;
  readonly maxRecordAgeSeconds: number;
  readonly bisectBatchOnError: boolean;
}

export class StreamTrigger extends Construct {
  /**
   * Where Lambda reports batches it gave up on (retries or record age exhausted). A stream's
   * on-failure destination receives the batch's metadata (shard, sequence number range), not the
   * records: replay them from the table, which is the log.
   */
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: StreamTriggerProps) {
    super(scope, id);

    this.failures = new Queue(this, 'Failures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the dead-letter destination of the stream trigger's event source " +
        'mapping; a queue behind it would only hold what nobody consumes from this one.',
    });

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
  }
}

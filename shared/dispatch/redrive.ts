/**
 * The redrive of what the stream trigger gave up on. When a batch still fails after the trigger's
 * retries (its records grew older than the trigger's maximum age during a long outage, or one of
 * them is poison), Lambda puts a note on the trigger's on-failure queue and moves on. The note holds
 * no records, only where they are: the shard and the range of sequence numbers. The records are
 * still in the stream for 24 hours, so they are read again from there (GetShardIterator at the first
 * sequence number, GetRecords up to the last) and handed to the same dispatch logic as the stream's.
 * That logic is safe to run twice (see `log-record.ts`).
 *
 * A redrive that fails is retried by the queue, later each time: 30 s, then twice as long each
 * time up to an hour, with jitter so that a crowd of notes does not come back at once.
 */
import type {
  GetRecordsInput,
  GetRecordsOutput,
  GetShardIteratorInput,
  GetShardIteratorOutput,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { logger } from '../observability/logger.ts';
import { toLambdaRecord } from '../store/stream-records.ts';
import { dispatchRecords } from './dispatch-records.ts';

/** The part of Lambda's on-failure note for a stream batch that says where the records are. */
export interface StreamBatchInfo {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly streamArn: string;
  readonly batchSize?: number;
}

/** The two Streams calls the redrive makes (an interface, so tests can play a stream). */
export interface StreamRecordReader {
  getShardIterator(input: GetShardIteratorInput): Promise<Pick<GetShardIteratorOutput, 'ShardIterator'>>;
  getRecords(input: GetRecordsInput): Promise<Pick<GetRecordsOutput, 'Records' | 'NextShardIterator'>>;
}

export interface RedrivePorts {
  readonly reader: StreamRecordReader;
  /** Makes the queue message come back after this many seconds (SQS: ChangeMessageVisibility). */
  postpone(message: SQSRecord, seconds: number): Promise<void>;
  /** The dispatch logic; the real one unless a test wraps it. */
  dispatch?: typeof dispatchRecords;
  random?: () => number;
}

export const redriveBackoff = { baseSeconds: 30, maxSeconds: 3600 } as const;

/** How long to wait before the next try of a note received `receiveCount` times: growing, capped, jittered. */
export function redriveDelaySeconds(receiveCount: number, random: () => number = Math.random): number {
  const ceiling = Math.min(
    redriveBackoff.maxSeconds,
    redriveBackoff.baseSeconds * 2 ** Math.max(0, receiveCount - 1),
  );
  // Between half the ceiling and all of it.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Empty pages in a row before concluding the range's end is not there (it always should be). */
const maxEmptyPages = 20;

/** The records of the range, read again from the stream, in order. */
export async function readStreamRange(
  reader: StreamRecordReader,
  info: StreamBatchInfo,
  region: string,
): Promise<DynamoDBRecord[]> {
  const end = BigInt(info.endSequenceNumber);
  const records: DynamoDBRecord[] = [];
  let { ShardIterator: iterator } = await reader.getShardIterator({
    StreamArn: info.streamArn,
    ShardId: info.shardId,
    ShardIteratorType: 'AT_SEQUENCE_NUMBER',
    SequenceNumber: info.startSequenceNumber,
  });
  let emptyPages = 0;
  while (iterator) {
    const { Records = [], NextShardIterator } = await reader.getRecords({ ShardIterator: iterator });
    for (const record of Records) {
      const sequenceNumber = record.dynamodb?.SequenceNumber;
      if (sequenceNumber === undefined) continue;
      if (BigInt(sequenceNumber) > end) return records;
      records.push(toLambdaRecord(record, info.streamArn, region));
      if (BigInt(sequenceNumber) === end) return records;
    }
    emptyPages = Records.length === 0 ? emptyPages + 1 : 0;
    if (emptyPages >= maxEmptyPages) {
      throw new Error(
        `the stream did not reach sequence number ${info.endSequenceNumber} of ${info.shardId}`,
      );
    }
    iterator = NextShardIterator;
  }
  return records;
}

function batchInfoOf(message: SQSRecord): StreamBatchInfo | undefined {
  try {
    const info = (JSON.parse(message.body) as { DDBStreamBatchInfo?: StreamBatchInfo }).DDBStreamBatchInfo;
    return info?.shardId && info.startSequenceNumber && info.endSequenceNumber && info.streamArn
      ? info
      : undefined;
  } catch {
    return undefined;
  }
}

function regionOf(streamArn: string): string {
  return streamArn.split(':')[3] ?? '';
}

/** Dispatches again the records each note points to; a note whose redrive failed comes back later. */
export async function redriveStreamFailures(
  messages: readonly SQSRecord[],
  ports: RedrivePorts,
): Promise<SQSBatchResponse> {
  const dispatch = ports.dispatch ?? dispatchRecords;
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const message of messages) {
    const info = batchInfoOf(message);
    if (!info) {
      // Nothing to redrive and nothing a retry would change: say so, and let it go.
      logger.error('a stream failure note without a batch to redrive was dropped', {
        messageId: message.messageId,
      });
      continue;
    }
    const where = {
      messageId: message.messageId,
      shardId: info.shardId,
      startSequenceNumber: info.startSequenceNumber,
      endSequenceNumber: info.endSequenceNumber,
    };
    try {
      const records = await readStreamRange(ports.reader, info, regionOf(info.streamArn));
      const { batchItemFailures } = await dispatch(records);
      if (batchItemFailures.length > 0)
        throw new Error(`record ${batchItemFailures[0]?.itemIdentifier} failed`);
      logger.info('redrove a batch the stream trigger had given up on', {
        ...where,
        records: records.length,
      });
    } catch (error) {
      if ((error as Error).name === 'TrimmedDataAccessException') {
        // Older than the stream's 24 hours: they can no longer be read. Loudly, for the operator.
        logger.error(
          'the records of a failed stream batch are gone from the stream; they were not redriven',
          {
            ...where,
            error,
          },
        );
        continue;
      }
      const receiveCount = Number(message.attributes?.ApproximateReceiveCount ?? '1');
      const seconds = redriveDelaySeconds(receiveCount, ports.random);
      logger.warn('redriving a failed stream batch failed; it is tried again later', {
        ...where,
        receiveCount,
        retryInSeconds: seconds,
        error,
      });
      await ports.postpone(message, seconds).catch((postponeError: unknown) =>
        logger.warn('could not postpone the retry; it comes back after the visibility timeout', {
          ...where,
          error: postponeError,
        }),
      );
      failures.push({ itemIdentifier: message.messageId });
    }
  }
  return { batchItemFailures: failures };
}

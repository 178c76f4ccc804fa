import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { retryPauseMs } from '../../../infra/local/stream-trigger.ts';
import {
  readStreamRange,
  redriveDelaySeconds,
  redriveStreamFailures,
  type StreamRecordReader,
} from '../../../shared/dispatch/redrive.ts';

const streamArn = 'arn:aws:dynamodb:eu-west-1:123456789012:table/messages/stream/2026-01-01T00:00:00.000';

function record(sequence: number): _Record {
  return {
    eventID: `e${sequence}`,
    eventName: 'INSERT',
    dynamodb: {
      Keys: { conversationId: { S: 'c' }, messageId: { S: `m${sequence}` } },
      SequenceNumber: String(sequence).padStart(21, '0'),
    },
  };
}

/** A shard of records 1…n, served two per page, with an empty page now and then. */
function shard(n: number): StreamRecordReader & { iterators: string[] } {
  const records = Array.from({ length: n }, (_, index) => record(index + 1));
  const iterators: string[] = [];
  return {
    iterators,
    async getShardIterator(input) {
      iterators.push(`${input.ShardIteratorType}:${input.SequenceNumber}`);
      return {
        ShardIterator: String(records.findIndex((r) => r.dynamodb?.SequenceNumber === input.SequenceNumber)),
      };
    },
    async getRecords(input) {
      const at = Number(input.ShardIterator);
      if (at % 3 === 1 && !iterators.includes(`empty:${at}`)) {
        iterators.push(`empty:${at}`);
        return { Records: [], NextShardIterator: String(at) };
      }
      return {
        Records: records.slice(at, at + 2),
        NextShardIterator: at + 2 < n ? String(at + 2) : undefined,
      };
    },
  };
}

const info = (start: number, end: number) => ({
  shardId: 'shardId-1',
  startSequenceNumber: String(start).padStart(21, '0'),
  endSequenceNumber: String(end).padStart(21, '0'),
  streamArn,
});

const note = (body: unknown, receiveCount = 1): SQSRecord =>
  ({
    messageId: 'note-1',
    receiptHandle: 'handle-1',
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: String(receiveCount) },
  }) as unknown as SQSRecord;

describe('readStreamRange', () => {
  it('reads from the first sequence number to the last, across pages, and no further', async () => {
    const reader = shard(9);
    const records = await readStreamRange(reader, info(3, 7), 'eu-west-1');
    expect(records.map((r) => r.dynamodb?.Keys?.messageId?.S)).toEqual(['m3', 'm4', 'm5', 'm6', 'm7']);
    expect(reader.iterators[0]).toBe(`AT_SEQUENCE_NUMBER:${info(3, 7).startSequenceNumber}`);
    expect(records[0]).toMatchObject({
      eventSourceARN: streamArn,
      awsRegion: 'eu-west-1',
      eventName: 'INSERT',
    });
  });

  it('stops at the end of a closed shard', async () => {
    const records = await readStreamRange(shard(4), info(2, 9), 'eu-west-1');
    expect(records.map((r) => r.dynamodb?.Keys?.messageId?.S)).toEqual(['m2', 'm3', 'm4']);
  });
});

describe('redriveDelaySeconds', () => {
  it('doubles from 30 s up to an hour, between half and all of that', () => {
    expect([1, 2, 3, 8, 20].map((count) => redriveDelaySeconds(count, () => 1))).toEqual([
      30, 60, 120, 3600, 3600,
    ]);
    expect(redriveDelaySeconds(1, () => 0)).toBe(15);
    expect(redriveDelaySeconds(20, () => 0)).toBe(1800);
  });
});

describe('retryPauseMs (the local stream trigger)', () => {
  it('grows, is capped and jittered', () => {
    const backoff = { baseMs: 100, maxMs: 5000 };
    expect([1, 2, 3, 6, 7, 30].map((failures) => retryPauseMs(failures, backoff, () => 1))).toEqual([
      100, 200, 400, 3200, 5000, 5000,
    ]);
    expect(retryPauseMs(30, backoff, () => 0)).toBe(2500);
  });
});

describe('redriveStreamFailures', () => {
  it('dispatches the records of a note; a failed redrive is postponed by the backoff', async () => {
    const dispatched: string[][] = [];
    const postponed: number[] = [];
    let fail = true;
    const ports = {
      reader: shard(5),
      postpone: async (_message: SQSRecord, seconds: number) => {
        postponed.push(seconds);
      },
      random: () => 1,
      dispatch: async (records: readonly DynamoDBRecord[]) => {
        dispatched.push(records.map((r) => r.dynamodb?.Keys?.messageId?.S ?? ''));
        return {
          batchItemFailures: fail ? [{ itemIdentifier: records[0]?.dynamodb?.SequenceNumber ?? '' }] : [],
        };
      },
    };
    const body = { requestContext: { condition: 'RecordAgeExceeded' }, DDBStreamBatchInfo: info(2, 4) };
    expect(await redriveStreamFailures([note(body, 3)], ports)).toEqual({
      batchItemFailures: [{ itemIdentifier: 'note-1' }],
    });
    expect(postponed).toEqual([120]);
    fail = false;
    expect(await redriveStreamFailures([note(body, 4)], { ...ports, reader: shard(5) })).toEqual({
      batchItemFailures: [],
    });
    expect(dispatched).toEqual([
      ['m2', 'm3', 'm4'],
      ['m2', 'm3', 'm4'],
    ]);
  });

  it('lets go of a note without a batch, and of records the stream no longer has', async () => {
    const gone: StreamRecordReader = {
      getShardIterator: async () => {
        throw Object.assign(new Error('trimmed'), { name: 'TrimmedDataAccessException' });
      },
      getRecords: async () => ({}),
    };
    const ports = {
      reader: gone,
      postpone: async () => {},
      dispatch: async () => ({ batchItemFailures: [] }),
    };
    expect(
      await redriveStreamFailures([note({ nothing: true }), note({ DDBStreamBatchInfo: info(1, 2) })], ports),
    ).toEqual({ batchItemFailures: [] });
  });
});

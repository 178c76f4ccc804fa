/**
 * Shard handling of the stream poller, against a scripted stream: DynamoDB Local does not roll its
 * shards over within a test's lifetime, but AWS does every few hours.
 */
import type { _Record, Shard } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type StreamReader,
  type StreamTrigger,
  startStreamTrigger,
} from '../../../infra/local/stream-trigger.ts';
import { eventually } from '../../support/eventually.ts';
import { quiet } from './helpers.ts';

interface FakeShard {
  readonly id: string;
  readonly parent?: string;
  readonly records: _Record[];
  closed: boolean;
}

/** A stream whose shards the test appends to, closes and adds; iterators are `shard@position`. */
class ScriptedStream implements StreamReader {
  readonly shards: FakeShard[] = [];
  /** Shard ids DescribeStream has returned, and the shard of every GetRecords, in order. */
  readonly listed = new Set<string>();
  readonly reads: string[] = [];
  private sequence = 0;
  private expireNextRead = false;

  addShard(id: string, parent?: string): FakeShard {
    const shard: FakeShard = { id, parent, records: [], closed: false };
    this.shards.push(shard);
    return shard;
  }

  append(shard: FakeShard, ...ids: string[]): void {
    for (const id of ids) {
      const SequenceNumber = String(++this.sequence).padStart(21, '0');
      shard.records.push({
        eventID: id,
        eventName: 'INSERT',
        dynamodb: { Keys: { id: { S: id } }, SequenceNumber, ApproximateCreationDateTime: new Date() },
      });
    }
  }

  /** The next GetRecords fails as with an iterator older than 15 minutes. */
  expireIteratorOnce(): void {
    this.expireNextRead = true;
  }

  async describeStream(input: { ExclusiveStartShardId?: string }) {
    // One shard per page, to exercise pagination.
    const start = input.ExclusiveStartShardId
      ? this.shards.findIndex((shard) => shard.id === input.ExclusiveStartShardId) + 1
      : 0;
    const shard = this.shards[start];
    if (shard) this.listed.add(shard.id);
    const Shards: Shard[] = shard
      ? [
          {
            ShardId: shard.id,
            ParentShardId: shard.parent,
            SequenceNumberRange: {
              StartingSequenceNumber: shard.records[0]?.dynamodb?.SequenceNumber ?? '0',
              EndingSequenceNumber: shard.closed
                ? (shard.records.at(-1)?.dynamodb?.SequenceNumber ?? '0')
                : undefined,
            },
          },
        ]
      : [];
    return {
      StreamDescription: {
        Shards,
        LastEvaluatedShardId: start + 1 < this.shards.length ? shard?.id : undefined,
      },
    };
  }

  async getShardIterator(input: { ShardId?: string; ShardIteratorType?: string; SequenceNumber?: string }) {
    const shard = this.shard(input.ShardId);
    const position =
      input.ShardIteratorType === 'LATEST'
        ? shard.records.length
        : input.ShardIteratorType === 'AFTER_SEQUENCE_NUMBER'
          ? shard.records.findIndex((record) => record.dynamodb?.SequenceNumber === input.SequenceNumber) + 1
          : 0;
    return { ShardIterator: `${shard.id}@${position}` };
  }

  async getRecords(input: { ShardIterator?: string }) {
    if (this.expireNextRead) {
      this.expireNextRead = false;
      throw Object.assign(new Error('Iterator expired'), { name: 'ExpiredIteratorException' });
    }
    const [id, at] = (input.ShardIterator ?? '').split('@');
    const shard = this.shard(id);
    this.reads.push(shard.id);
    const Records = shard.records.slice(Number(at));
    const next = shard.records.length;
    return {
      Records,
      NextShardIterator: shard.closed && Records.length === 0 ? undefined : `${shard.id}@${next}`,
    };
  }

  private shard(id: string | undefined): FakeShard {
    const shard = this.shards.find((candidate) => candidate.id === id);
    if (!shard) throw new Error(`no shard ${id}`);
    return shard;
  }
}

let trigger: StreamTrigger | undefined;

afterEach(async () => {
  await trigger?.stop();
});

function start(stream: ScriptedStream, delivered: string[]): Promise<StreamTrigger> {
  return startStreamTrigger({
    functionName: 'consumer',
    batchSize: 10,
    retryAttempts: 2,
    maxRecordAgeSeconds: -1,
    bisectBatchOnError: false,
    streamArn: 'arn:aws:dynamodb:ddblocal:000000000000:table/fake/stream/1',
    reader: stream,
    invoke: async (event: DynamoDBStreamEvent) => {
      delivered.push(...event.Records.map((record) => record.eventID ?? ''));
    },
    pollIntervalMs: 5,
    discoveryIntervalMs: 10,
    onDeadLetter: () => {},
    log: quiet,
  });
}

describe('stream shards', () => {
  it('starts open shards at LATEST, skips closed ones, and follows a rollover from TRIM_HORIZON', async () => {
    const stream = new ScriptedStream();
    const old = stream.addShard('shard-0');
    stream.append(old, 'history-1');
    old.closed = true;
    const parent = stream.addShard('shard-1', 'shard-0');
    stream.append(parent, 'history-2');
    const delivered: string[] = [];
    trigger = await start(stream, delivered);

    stream.append(parent, 'p-1', 'p-2');
    await eventually(() => expect(delivered).toEqual(['p-1', 'p-2']));

    // Rollover: the child is found and written to while the parent still has records to give.
    const child = stream.addShard('shard-2', 'shard-1');
    stream.append(child, 'c-1');
    await eventually(() => expect(stream.listed).toContain('shard-2'));
    const readsBefore = stream.reads.length;
    await eventually(() => expect(stream.reads.slice(readsBefore)).toContain('shard-1'));
    expect(stream.reads).not.toContain('shard-2');
    stream.append(parent, 'p-3');
    parent.closed = true;
    stream.append(child, 'c-2');
    await eventually(() => expect(delivered).toEqual(['p-1', 'p-2', 'p-3', 'c-1', 'c-2']));

    stream.append(child, 'c-3');
    await eventually(() => expect(delivered).toEqual(['p-1', 'p-2', 'p-3', 'c-1', 'c-2', 'c-3']));
  });

  it('resumes after the last record read when an iterator expires', async () => {
    const stream = new ScriptedStream();
    const shard = stream.addShard('shard-0');
    const delivered: string[] = [];
    trigger = await start(stream, delivered);
    stream.append(shard, 'r-1');
    await eventually(() => expect(delivered).toEqual(['r-1']));
    stream.expireIteratorOnce();
    stream.append(shard, 'r-2');
    await eventually(() => expect(delivered).toEqual(['r-1', 'r-2']));
  });
});

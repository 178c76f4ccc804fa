/**
 * A DynamoDB Streams trigger: what Lambda's event source mapping does for a `streamTriggers` entry
 * (AWS.md §1.6), by polling the Streams API of DynamoDB Local.
 *
 * - Shards: listed with DescribeStream (paginated). Shards open when the runtime starts are read
 *   from LATEST, so a restart on a persisted data folder does not replay history; shards that
 *   appear later (rollover, splits) are read from TRIM_HORIZON so nothing in them is skipped, and
 *   only once their parent shard has been read to its end, which keeps each item's records in order.
 *   A shard is polled every `pollIntervalMs` while it has nothing new, and again at once when a read
 *   returned records.
 * - Batches: at most `batchSize` records, one batch at a time per shard, in order, as a
 *   `DynamoDBStreamEvent`.
 * - Failures: `batchItemFailures` checkpoints before the lowest failed sequence number and retries
 *   from there (records after it come again, as in AWS); an empty or absent list is success; a
 *   thrown error, or an identifier that is empty or not in the batch, fails the whole batch. With
 *   `bisectBatchOnError` a failing batch is split (at the failed record, or in halves when its first
 *   record failed) and splitting does not count as a retry. A record that still fails after
 *   `retryAttempts` retries (-1: no limit), or a record older than `maxRecordAgeSeconds`, goes to the
 *   dead letters (the on-failure SQS queue's stand-in, which the runtime hands to the trigger's
 *   redrive) together with the rest of the batch being retried, and the shard moves on.
 * - Pauses: a failing batch is tried again after a pause that doubles with each failure in a row,
 *   from `retryBackoff.baseMs` up to `retryBackoff.maxMs`, each drawn between half and all of that
 *   (jitter), so that an outage of minutes is outlasted without hammering what is down. Lambda's own
 *   pauses between retries are not configurable; what bounds the retries in both places is the same
 *   `retryAttempts` and `maxRecordAgeSeconds` from the manifest.
 */
import type {
  DescribeStreamInput,
  DescribeStreamOutput,
  GetRecordsInput,
  GetRecordsOutput,
  GetShardIteratorInput,
  GetShardIteratorOutput,
  Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { localAccountId, localRegion } from './aws-identity.ts';
import { toLambdaRecord } from './stream-records.ts';

/** The three Streams calls the poller makes (an interface, so tests can play a stream's shards). */
export interface StreamReader {
  describeStream(input: DescribeStreamInput): Promise<Pick<DescribeStreamOutput, 'StreamDescription'>>;
  getShardIterator(input: GetShardIteratorInput): Promise<Pick<GetShardIteratorOutput, 'ShardIterator'>>;
  getRecords(input: GetRecordsInput): Promise<Pick<GetRecordsOutput, 'Records' | 'NextShardIterator'>>;
}

/** What Lambda sends to an on-failure destination for a stream batch, plus the records themselves. */
export interface DeadLetter {
  readonly requestContext: {
    readonly functionArn: string;
    readonly condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
    readonly approximateInvokeCount: number;
  };
  readonly timestamp: string;
  readonly DDBStreamBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
  /** Not in AWS's message (which gives only the range to re-read): the records, for tests and logs. */
  readonly records: readonly DynamoDBRecord[];
}

export interface StreamTriggerOptions {
  readonly functionName: string;
  readonly batchSize: number;
  /** -1 retries until the record expires, as in AWS. */
  readonly retryAttempts: number;
  /** -1 never expires records, as in AWS. */
  readonly maxRecordAgeSeconds: number;
  readonly bisectBatchOnError: boolean;
  /** Default 100 ms doubling up to 5 s. */
  readonly retryBackoff?: { readonly baseMs: number; readonly maxMs: number };
  readonly random?: () => number;
  readonly streamArn: string;
  readonly reader: StreamReader;
  readonly invoke: (event: DynamoDBStreamEvent) => Promise<unknown>;
  readonly pollIntervalMs: number;
  /** How often DescribeStream looks for new shards (also right after a shard ends). */
  readonly discoveryIntervalMs: number;
  /**
   * Where the shards open at start are read from: LATEST (default) when the runtime starts, so
   * that a persisted data folder's history is not replayed; TRIM_HORIZON for a stream that is new
   * since (DynamoDB Local restarted in memory), so that nothing written to it before is skipped.
   */
  readonly startingPosition?: 'LATEST' | 'TRIM_HORIZON';
  readonly onDeadLetter: (letter: DeadLetter) => void;
  readonly log: (line: string) => void;
}

export interface StreamTrigger {
  /** Stops polling; resolves after the batch being processed, if any, has finished. */
  stop(): Promise<void>;
}

interface ShardProgress {
  readonly shardId: string;
  /** Fetched, not yet processed; the first record is where the checkpoint is. */
  readonly pending: DynamoDBRecord[];
  /** Sizes of the next batches while a bisected batch is being worked through. */
  plan: number[];
  failure: { readonly sequenceNumber: string; readonly attempts: number } | undefined;
  consecutiveFailures: number;
  iterator: string | undefined;
  /** Where to ask for a new iterator if the current one is lost. */
  readonly startingPosition: 'LATEST' | 'TRIM_HORIZON';
  lastFetched: string | undefined;
  /** The next iterator must start at the oldest record of the shard. */
  fromOldest: boolean;
  exhausted: boolean;
  readFailing: boolean;
}

const defaultRetryBackoff = { baseMs: 100, maxMs: 5000 };
const readErrorPauseMs = 1000;

/** The pause before the next try after `failures` failures in a row: growing, capped, jittered. */
export function retryPauseMs(
  failures: number,
  backoff: { readonly baseMs: number; readonly maxMs: number },
  random: () => number,
): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, failures - 1));
  return ceiling / 2 + (random() * ceiling) / 2;
}

export async function startStreamTrigger(options: StreamTriggerOptions): Promise<StreamTrigger> {
  const { reader, streamArn } = options;
  const label = `stream ${streamArn.split('/')[1] ?? streamArn} → ${options.functionName}`;
  const functionArn = `arn:aws:lambda:${localRegion}:${localAccountId}:function:${options.functionName}`;
  /** Resolves when a shard has been read to its end (or polling stopped): its children may start. */
  const finished = new Map<string, Promise<void>>();
  const loops = new Set<Promise<void>>();
  const sleepers = new Set<() => void>();
  let stopped = false;

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (stopped) return resolve();
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  }

  async function listShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await reader.describeStream({
        StreamArn: streamArn,
        ExclusiveStartShardId: exclusiveStartShardId,
      });
      shards.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards;
  }

  function startShard(
    shard: Shard,
    startingPosition: ShardProgress['startingPosition'],
    iterator?: string,
  ): void {
    const shardId = shard.ShardId as string;
    const progress: ShardProgress = {
      shardId,
      pending: [],
      plan: [],
      failure: undefined,
      consecutiveFailures: 0,
      iterator,
      startingPosition,
      lastFetched: undefined,
      fromOldest: false,
      exhausted: false,
      readFailing: false,
    };
    const parent = shard.ParentShardId ? finished.get(shard.ParentShardId) : undefined;
    const loop = (async () => {
      await parent;
      await readShard(progress);
    })();
    finished.set(shardId, loop);
    loops.add(loop);
    void loop.then(() => {
      loops.delete(loop);
      nudgeDiscovery();
    });
  }

  async function readShard(progress: ShardProgress): Promise<void> {
    while (!stopped) {
      if (progress.pending.length > 0) {
        await deliver(progress);
      } else if (progress.exhausted) {
        return;
      } else if ((await fetch(progress)) === 0 && !progress.exhausted) {
        await sleep(options.pollIntervalMs);
      }
    }
  }

  async function fetch(progress: ShardProgress): Promise<number> {
    try {
      progress.iterator ??= (await reader.getShardIterator(resumePosition(progress))).ShardIterator;
      const { Records = [], NextShardIterator } = await reader.getRecords({
        ShardIterator: progress.iterator,
      });
      progress.iterator = NextShardIterator;
      progress.exhausted = !NextShardIterator;
      for (const record of Records) progress.pending.push(toLambdaRecord(record, streamArn, localRegion));
      progress.lastFetched = Records.at(-1)?.dynamodb?.SequenceNumber ?? progress.lastFetched;
      progress.fromOldest = false;
      progress.readFailing = false;
      return Records.length;
    } catch (error) {
      progress.iterator = undefined;
      if ((error as Error).name === 'TrimmedDataAccessException') {
        // The iterator points before the oldest record still in the shard. In AWS, records older
        // than 24 hours were trimmed. DynamoDB Local also answers so when the shard was empty at
        // LATEST and its first record is numbered above 1 (a transaction's record may be): its
        // iterator then sits at 1. Either way what we want starts at the oldest record there is.
        progress.fromOldest = true;
        return 0;
      }
      // An iterator expires after 15 minutes, and DynamoDB Local may be going away: report once,
      // then resume after the last record read, with a new iterator.
      if (!progress.readFailing)
        options.log(`${label}: reading shard ${progress.shardId} failed: ${String(error)}`);
      progress.readFailing = true;
      await sleep(readErrorPauseMs);
      return 0;
    }
  }

  function resumePosition(progress: ShardProgress): GetShardIteratorInput {
    const shard = { StreamArn: streamArn, ShardId: progress.shardId };
    if (progress.fromOldest) return { ...shard, ShardIteratorType: 'TRIM_HORIZON' };
    if (progress.lastFetched) {
      return { ...shard, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: progress.lastFetched };
    }
    return { ...shard, ShardIteratorType: progress.startingPosition };
  }

  async function deliver(progress: ShardProgress): Promise<void> {
    const expired = takeExpired(progress);
    if (expired.length > 0) {
      deadLetter(progress, 'RecordAgeExceeded', expired);
      // The planned batch sizes counted records that are gone now.
      progress.plan = [];
      return;
    }
    const size = Math.min(progress.plan[0] ?? options.batchSize, progress.pending.length);
    const batch = progress.pending.slice(0, size);
    const failedAt = await invokeBatch(batch);
    if (failedAt < 0) {
      progress.pending.splice(0, size);
      progress.plan.shift();
      progress.failure = undefined;
      progress.consecutiveFailures = 0;
      return;
    }

    progress.consecutiveFailures++;
    progress.pending.splice(0, failedAt);
    const rest = size - failedAt;
    if (options.bisectBatchOnError && (failedAt > 0 || rest > 1)) {
      progress.plan.splice(0, 1, ...(failedAt > 0 ? [rest] : [Math.ceil(rest / 2), Math.floor(rest / 2)]));
    } else {
      const sequenceNumber = sequenceNumberOf(batch[failedAt]);
      const attempts =
        progress.failure?.sequenceNumber === sequenceNumber ? progress.failure.attempts + 1 : 1;
      progress.failure = { sequenceNumber, attempts };
      if (options.retryAttempts >= 0 && attempts > options.retryAttempts) {
        deadLetter(progress, 'RetryAttemptsExhausted', progress.pending.splice(0, rest));
        progress.plan.shift();
        return;
      }
    }
    await sleep(
      retryPauseMs(
        progress.consecutiveFailures,
        options.retryBackoff ?? defaultRetryBackoff,
        options.random ?? Math.random,
      ),
    );
  }

  /** Index of the first record to retry from, or -1 when the whole batch succeeded. */
  async function invokeBatch(batch: DynamoDBRecord[]): Promise<number> {
    let result: unknown;
    try {
      result = await options.invoke({ Records: batch });
    } catch (error) {
      options.log(`${label}: batch of ${batch.length} failed: ${String(error)}`);
      return 0;
    }
    const failures = (result as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
    if (!Array.isArray(failures) || failures.length === 0) return -1;
    let lowest = batch.length;
    for (const failure of failures) {
      const identifier = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
      const index =
        typeof identifier === 'string' && identifier
          ? batch.findIndex((record) => sequenceNumberOf(record) === identifier)
          : -1;
      if (index < 0) {
        options.log(
          `${label}: batchItemFailures names ${String(identifier)}, not in the batch: the whole batch failed`,
        );
        return 0;
      }
      lowest = Math.min(lowest, index);
    }
    options.log(`${label}: record ${sequenceNumberOf(batch[lowest])} failed; retrying from it`);
    return lowest;
  }

  function takeExpired(progress: ShardProgress): DynamoDBRecord[] {
    if (options.maxRecordAgeSeconds < 0) return [];
    const oldestAllowed = Date.now() / 1000 - options.maxRecordAgeSeconds;
    let count = 0;
    while (count < progress.pending.length) {
      const created = progress.pending[count]?.dynamodb?.ApproximateCreationDateTime;
      if (created === undefined || created >= oldestAllowed) break;
      count++;
    }
    return progress.pending.splice(0, count);
  }

  function deadLetter(
    progress: ShardProgress,
    condition: DeadLetter['requestContext']['condition'],
    records: DynamoDBRecord[],
  ): void {
    const first = records[0] as DynamoDBRecord;
    const last = records.at(-1) as DynamoDBRecord;
    const arrival = (record: DynamoDBRecord) =>
      new Date((record.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000).toISOString();
    options.onDeadLetter({
      requestContext: { functionArn, condition, approximateInvokeCount: progress.failure?.attempts ?? 0 },
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId: progress.shardId,
        startSequenceNumber: sequenceNumberOf(first),
        endSequenceNumber: sequenceNumberOf(last),
        approximateArrivalOfFirstRecord: arrival(first),
        approximateArrivalOfLastRecord: arrival(last),
        batchSize: records.length,
        streamArn,
      },
      records,
    });
    options.log(
      `${label}: gave up on ${records.length} record(s) ${sequenceNumberOf(first)}…${sequenceNumberOf(last)} (${condition})`,
    );
    progress.failure = undefined;
    progress.consecutiveFailures = 0;
  }

  /** Parents before children, so that a child found together with its parent waits for it. */
  function startInFamilyOrder(fresh: Shard[]): void {
    let waiting = fresh;
    while (waiting.length > 0) {
      const waitingIds = new Set(waiting.map((shard) => shard.ShardId));
      const orphans = waiting.filter((shard) => !waitingIds.has(shard.ParentShardId));
      // A malformed listing (a cycle) must not hang discovery: then start what is left as it is.
      const ready = orphans.length > 0 ? orphans : waiting;
      for (const shard of ready) startShard(shard, 'TRIM_HORIZON');
      waiting = waiting.filter((shard) => !ready.includes(shard));
    }
  }

  let nudgeDiscovery = () => {};
  async function discoverShards(): Promise<void> {
    let failing = false;
    while (!stopped) {
      await new Promise<void>((resolve) => {
        nudgeDiscovery = resolve;
        void sleep(options.discoveryIntervalMs).then(resolve);
      });
      if (stopped) return;
      try {
        startInFamilyOrder(
          (await listShards()).filter((shard) => shard.ShardId && !finished.has(shard.ShardId)),
        );
        failing = false;
      } catch (error) {
        if (!failing) options.log(`${label}: listing shards failed: ${String(error)}`);
        failing = true;
      }
    }
  }

  // Before returning, so that every write made after the runtime has started is delivered.
  for (const shard of await listShards()) {
    if (!shard.ShardId) continue;
    if (shard.SequenceNumberRange?.EndingSequenceNumber) {
      finished.set(shard.ShardId, Promise.resolve());
      continue;
    }
    if (options.startingPosition === 'TRIM_HORIZON') {
      startShard(shard, 'TRIM_HORIZON');
      continue;
    }
    const { ShardIterator } = await reader.getShardIterator({
      StreamArn: streamArn,
      ShardId: shard.ShardId,
      ShardIteratorType: 'LATEST',
    });
    startShard(shard, 'LATEST', ShardIterator);
  }
  const discovery = discoverShards();

  return {
    async stop() {
      stopped = true;
      for (const wake of [...sleepers]) wake();
      nudgeDiscovery();
      await discovery;
      await Promise.all(loops);
    },
  };
}

function sequenceNumberOf(record: DynamoDBRecord | undefined): string {
  return record?.dynamodb?.SequenceNumber ?? '';
}

import {
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.ts';
import { fixtureManifest } from '../../fixtures/local-runtime/manifest.ts';
import { callsOf, probe } from '../../fixtures/local-runtime/probe.ts';
import { messageIdOf } from '../../fixtures/local-runtime/stream-consumer.ts';
import { eventually } from '../../support/eventually.ts';
import { quiet } from './helpers.ts';

let runtime: LocalRuntime;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  runtime = await startLocalRuntime({
    dataDir: null,
    manifest: { ...fixtureManifest, schedules: [{ function: 'schedule', rateSeconds: 0.05 }] },
    log: quiet,
  });
  dynamodb = new DynamoDBClient({
    endpoint: runtime.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  dynamodb?.destroy();
  await runtime?.stop();
});

/** Writes the messages in one transaction, so that they land in the stream together. */
async function writeMessages(conversationId: string, messageIds: string[]): Promise<void> {
  await dynamodb.send(
    new TransactWriteItemsCommand({
      TransactItems: messageIds.map((messageId) => ({
        Put: {
          TableName: runtime.tableNames.messages,
          Item: { conversationId: { S: conversationId }, messageId: { S: messageId } },
        },
      })),
    }),
  );
}

/** The message ids of each batch a consumer received for one conversation, in order. */
function batchesOf(functionName: string, conversationId: string): string[][] {
  return callsOf<DynamoDBStreamEvent>(functionName)
    .map((event) =>
      event.Records.filter((record) => record.dynamodb?.Keys?.conversationId?.S === conversationId).map(
        messageIdOf,
      ),
    )
    .filter((batch) => batch.length > 0);
}

const deliveries = (batches: string[][], messageId: string) =>
  batches.flat().filter((delivered) => delivered === messageId).length;

describe('stream trigger', () => {
  // First in this file: the shard must still be empty. DynamoDB Local numbers stream records across
  // all tables, so after writes elsewhere the first record of the shard is not number 1.
  it('delivers the first record of a shard that was empty when polling started', async () => {
    for (const pk of ['a', 'b', 'c']) {
      await dynamodb.send(
        new PutItemCommand({ TableName: runtime.tableNames.core, Item: { pk: { S: pk }, sk: { S: pk } } }),
      );
    }
    await writeMessages('plain-first', ['first-1']);
    await eventually(() => expect(batchesOf('streamPlain', 'plain-first')).toEqual([['first-1']]));
  });

  it('delivers INSERT, MODIFY and REMOVE as a Lambda DynamoDBStreamEvent', async () => {
    const key = { conversationId: { S: 'plain-shape' }, messageId: { S: 'm1' } };
    await dynamodb.send(
      new PutItemCommand({
        TableName: runtime.tableNames.messages,
        Item: {
          ...key,
          text: { S: '你好' },
          count: { N: '42' },
          raw: { B: Buffer.from([0, 1, 255]) },
          meta: { M: { tags: { L: [{ S: 'a' }, { BOOL: true }, { NULL: true }] } } },
        },
      }),
    );
    await dynamodb.send(
      new UpdateItemCommand({
        TableName: runtime.tableNames.messages,
        Key: key,
        UpdateExpression: 'SET #count = :count',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':count': { N: '43' } },
      }),
    );
    await dynamodb.send(new DeleteItemCommand({ TableName: runtime.tableNames.messages, Key: key }));

    const records = await eventually(() => {
      const all = callsOf<DynamoDBStreamEvent>('streamPlain')
        .flatMap((event) => event.Records)
        .filter((record) => record.dynamodb?.Keys?.conversationId?.S === 'plain-shape');
      expect(all.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
      return all;
    });
    const { Table } = await dynamodb.send(
      new DescribeTableCommand({ TableName: runtime.tableNames.messages }),
    );
    const [insert, modify, remove] = records;
    expect(insert).toMatchObject({
      eventID: expect.any(String),
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: Table?.LatestStreamArn,
      dynamodb: {
        Keys: key,
        NewImage: {
          ...key,
          text: { S: '你好' },
          count: { N: '42' },
          raw: { B: Buffer.from([0, 1, 255]).toString('base64') },
          meta: { M: { tags: { L: [{ S: 'a' }, { BOOL: true }, { NULL: true }] } } },
        },
        SequenceNumber: expect.any(String),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(insert?.dynamodb?.OldImage).toBeUndefined();
    // Epoch seconds; DynamoDB Local rounds down to the minute.
    expect(Math.abs((insert?.dynamodb?.ApproximateCreationDateTime ?? 0) - Date.now() / 1000)).toBeLessThan(
      120,
    );
    expect(modify?.dynamodb?.OldImage?.count).toEqual({ N: '42' });
    expect(modify?.dynamodb?.NewImage?.count).toEqual({ N: '43' });
    expect(remove?.dynamodb?.NewImage).toBeUndefined();
    expect(remove?.dynamodb?.OldImage?.count).toEqual({ N: '43' });
  });

  it('redelivers from the failed record on a partial batch failure, not the records before it', async () => {
    probe().streamFailures.set('pf-3', { remaining: 1, how: 'report' });
    await writeMessages('plain-partial', ['pf-1', 'pf-2', 'pf-3', 'pf-4', 'pf-5']);
    const batches = await eventually(() => {
      const received = batchesOf('streamPlain', 'plain-partial');
      expect(deliveries(received, 'pf-5')).toBe(2);
      return received;
    });
    expect(batches).toEqual([
      ['pf-1', 'pf-2', 'pf-3', 'pf-4', 'pf-5'],
      ['pf-3', 'pf-4', 'pf-5'],
    ]);
  });

  it('dead-letters a record that keeps failing, with the rest of its batch, and moves on', async () => {
    probe().streamFailures.set('dl-2', { remaining: 1000, how: 'report' });
    await writeMessages('plain-poison', ['dl-1', 'dl-2', 'dl-3']);
    const letter = await eventually(() => {
      const found = runtime.deadLetters.find((candidate) =>
        candidate.records.some((record) => messageIdOf(record) === 'dl-2'),
      );
      expect(found).toBeDefined();
      return found;
    });
    // retryAttempts 2: the first delivery and two retries.
    expect(deliveries(batchesOf('streamPlain', 'plain-poison'), 'dl-2')).toBe(3);
    expect(deliveries(batchesOf('streamPlain', 'plain-poison'), 'dl-1')).toBe(1);
    expect(letter?.records.map(messageIdOf)).toEqual(['dl-2', 'dl-3']);
    expect(letter?.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
      functionArn: expect.stringMatching(/:function:streamPlain$/),
    });
    expect(letter?.DDBStreamBatchInfo).toMatchObject({
      batchSize: 2,
      startSequenceNumber: letter?.records[0]?.dynamodb?.SequenceNumber,
      endSequenceNumber: letter?.records[1]?.dynamodb?.SequenceNumber,
    });

    await writeMessages('plain-poison', ['dl-4']);
    await eventually(() =>
      expect(batchesOf('streamPlain:succeeded', 'plain-poison')).toContainEqual(['dl-4']),
    );
  });

  it('bisects a failing batch until only the poison record is dead-lettered', async () => {
    probe().streamFailures.set('bs-4', { remaining: 1000, how: 'throw' });
    await writeMessages('bisect-poison', ['bs-1', 'bs-2', 'bs-3', 'bs-4', 'bs-5', 'bs-6']);
    await eventually(() => {
      const succeeded = batchesOf('streamBisect:succeeded', 'bisect-poison').flat();
      expect(succeeded.sort()).toEqual(['bs-1', 'bs-2', 'bs-3', 'bs-5', 'bs-6']);
    });
    const letters = runtime.deadLetters.filter((letter) =>
      letter.records.some((record) => record.dynamodb?.Keys?.conversationId?.S === 'bisect-poison'),
    );
    expect(letters.map((letter) => letter.records.map(messageIdOf))).toEqual([['bs-4']]);
    // retryAttempts 1: alone, the poison record is tried twice; splitting is not a retry.
    expect(letters[0]?.requestContext.approximateInvokeCount).toBe(2);
  });
});

describe('schedules', () => {
  it('invokes the function with a Scheduled Event, never two runs at once', async () => {
    await eventually(() => expect(callsOf('schedule').length).toBeGreaterThanOrEqual(3));
    expect(probe().maxScheduleConcurrency).toBe(1);
    expect(callsOf<ScheduledEvent>('schedule')[0]).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: expect.stringMatching(/^\d{12}$/),
      region: 'us-east-1',
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      resources: [expect.stringMatching(/^arn:aws:events:us-east-1:\d{12}:rule\//)],
      detail: {},
    });
  });
});

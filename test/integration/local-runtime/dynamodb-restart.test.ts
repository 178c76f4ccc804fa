/**
 * DynamoDB Local dies under the running runtime: the runtime starts a new one on the same port
 * (and data folder); in memory it says loudly that the data is lost, creates the tables again and
 * follows the new stream. A DynamoDB Local that keeps dying is given up on, loudly, and the runtime
 * stops rather than answering 500 for ever. (With a data folder, nothing is lost:
 * test/integration/reliability/dynamodb-outage.test.ts.)
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.ts';
import { fixtureManifest } from '../../fixtures/local-runtime/manifest.ts';
import { callsOf } from '../../fixtures/local-runtime/probe.ts';
import { messageIdOf } from '../../fixtures/local-runtime/stream-consumer.ts';
import { eventually } from '../../support/eventually.ts';

let runtime: LocalRuntime | undefined;

afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

function client(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

const delivered = () =>
  callsOf<DynamoDBStreamEvent>('streamPlain').flatMap((event) => event.Records.map(messageIdOf));

describe('DynamoDB Local dies under the running runtime', () => {
  it('is restarted on the same port; in memory, loudly empty, with the tables and stream back', {
    timeout: 120_000,
  }, async () => {
    const lines: string[] = [];
    runtime = await startLocalRuntime({
      dataDir: null,
      manifest: fixtureManifest,
      log: (line) => lines.push(line),
      dynamodbSupervision: { restartDelayMs: 10 },
    });
    const dynamodb = client(runtime.dynamodbEndpoint);
    const put = (messageId: string) =>
      dynamodb.send(
        new PutItemCommand({
          TableName: runtime?.tableNames.messages,
          Item: { conversationId: { S: 'plain-restart' }, messageId: { S: messageId } },
        }),
      );
    try {
      await put('before');
      await eventually(() => expect(delivered()).toContain('before'));
      const pid = runtime.dynamodbPid;
      process.kill(pid, 'SIGKILL');
      await eventually(() => expect(lines.some((line) => line.includes('restarted IN MEMORY'))).toBe(true), {
        timeoutMs: 60_000,
      });
      expect(runtime.dynamodbPid).not.toBe(pid);
      expect(lines.find((line) => line.includes('IN MEMORY'))).toMatch(/LOST/);
      // The tables are there again (empty), and their new stream is followed.
      await eventually(() => put('after'), { timeoutMs: 30_000 });
      await eventually(() => expect(delivered()).toContain('after'), { timeoutMs: 30_000 });
    } catch (error) {
      console.log(lines.join('\n'));
      throw error;
    } finally {
      dynamodb.destroy();
    }
  });

  it('gives up loudly after the allowed restarts, and the runtime stops', { timeout: 120_000 }, async () => {
    const lines: string[] = [];
    const fatal: Error[] = [];
    runtime = await startLocalRuntime({
      dataDir: null,
      manifest: fixtureManifest,
      log: (line) => lines.push(line),
      dynamodbSupervision: { restartDelayMs: 10, maxRestarts: 1 },
      onFatal: (error) => fatal.push(error),
    });
    const first = runtime.dynamodbPid;
    process.kill(first, 'SIGKILL');
    await eventually(() => expect(runtime?.dynamodbPid).not.toBe(first), { timeoutMs: 60_000 });
    process.kill(runtime.dynamodbPid, 'SIGKILL');
    await eventually(() => expect(fatal).toHaveLength(1), { timeoutMs: 60_000 });
    expect(fatal[0]?.message).toMatch(/gave up after 1 restarts/);
    expect(lines.some((line) => line.startsWith('!!! DynamoDB Local: gave up'))).toBe(true);
    // Stopped: the HTTP API no longer answers.
    await eventually(() => expect(fetch(`${runtime?.httpUrl}/plain`)).rejects.toThrow(), {
      timeoutMs: 30_000,
    });
  });
});

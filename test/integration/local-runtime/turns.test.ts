/**
 * A function's invocations take turns (at most `concurrencyPerFunction` at once, the rest in arrival
 * order, each timed from its turn), and a callback's identical retry takes the answer of the request
 * still waiting or running rather than invoking again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.ts';
import { fixtureManifest } from '../../fixtures/local-runtime/manifest.ts';
import { callsOf, probe } from '../../fixtures/local-runtime/probe.ts';
import { eventually } from '../../support/eventually.ts';
import { rawRequest } from './helpers.ts';

let runtime: LocalRuntime;
const logs: string[] = [];
const joined = () => logs.filter((line) => line.includes('a retry of a request still being answered')).length;

const turnsFunction = (timeoutSeconds: number) => ({
  entry: 'test/fixtures/local-runtime/http-turns.ts',
  memoryMb: 128,
  timeoutSeconds,
  tables: {},
});

beforeAll(async () => {
  runtime = await startLocalRuntime({
    dataDir: null,
    concurrencyPerFunction: 2,
    manifest: {
      ...fixtureManifest,
      functions: { ...fixtureManifest.functions, turns: turnsFunction(1), once: turnsFunction(5) },
      httpRoutes: [
        { method: 'POST', path: '/turns', function: 'turns' },
        { method: 'POST', path: '/callback', function: 'once', callerRetriesIdentically: true },
        { method: 'POST', path: '/plain', function: 'once' },
      ],
    },
    log: (line) => logs.push(line),
  });
});

afterAll(async () => {
  await runtime?.stop();
});

const post = async (path: string, body = '') => {
  const response = await rawRequest(`${runtime.httpUrl}${path}`, {
    method: 'POST',
    headers: ['content-type', 'text/xml'],
    body,
  });
  return `${response.status} ${response.body.toString()}`;
};
const invocations = () => callsOf('httpTurns').length;
const turns = probe().turns;

describe('turns of a function', () => {
  it('runs at most the set number at once, and the others in the order they came', async () => {
    turns.started.length = 0;
    turns.maxRunning = 0;
    const names = ['a', 'b', 'c', 'd', 'e'];
    const answers: Promise<string>[] = [];
    for (const [index, name] of names.entries()) {
      answers.push(post(`/turns?name=${name}&hold=order-${name}`));
      // The next is sent once this one is running or waiting, so the order they came in is known.
      await eventually(() => expect(turns.started.length + runtime.waiting('turns')).toBe(index + 1));
    }
    expect(turns.started).toEqual(['a', 'b']);
    expect(runtime.waiting('turns')).toBe(3);
    probe().release('order-b');
    await eventually(() => expect(turns.started).toEqual(['a', 'b', 'c']));
    for (const name of names) probe().release(`order-${name}`);
    expect(await Promise.all(answers)).toEqual(names.map((name) => `200 ${name} `));
    expect(turns.started).toEqual(names);
    expect(turns.maxRunning).toBe(2);
    expect(runtime.waiting('turns')).toBe(0);
  });

  it('times an invocation from its turn, not from when it was asked for', async () => {
    // Each works 0.7 s of its 1 s; the third waits 0.7 s for its turn, so it ends 1.4 s after it came.
    const answers = ['x', 'y', 'z'].map((name) => post(`/turns?name=${name}&workMs=700`));
    expect(await Promise.all(answers)).toEqual(['200 x ', '200 y ', '200 z ']);
  });
});

describe('a caller’s identical retry', () => {
  it('takes the answer of the same request still running, without invoking again', async () => {
    const before = invocations();
    const joinedBefore = joined();
    const first = post('/callback?name=m1&hold=retry-1', '<xml>1</xml>');
    await eventually(() => expect(invocations()).toBe(before + 1));
    const retry = post('/callback?name=m1&hold=retry-1', '<xml>1</xml>');
    const otherBody = post('/callback?name=m1&hold=retry-1', '<xml>2</xml>');
    await eventually(() => expect([invocations(), joined()]).toEqual([before + 2, joinedBefore + 1]));
    probe().release('retry-1');
    expect(await Promise.all([first, retry, otherBody])).toEqual([
      '200 m1 <xml>1</xml>',
      '200 m1 <xml>1</xml>',
      '200 m1 <xml>2</xml>',
    ]);
    expect(invocations()).toBe(before + 2);
  });

  it('takes the answer of the same request still waiting for its turn', async () => {
    const before = invocations();
    const busy = ['busy-1', 'busy-2'].map((hold) => post(`/callback?name=${hold}&hold=${hold}`));
    await eventually(() => expect(invocations()).toBe(before + 2));
    const first = post('/callback?name=late', '<xml>late</xml>');
    await eventually(() => expect(runtime.waiting('once')).toBe(1));
    const joinedBefore = joined();
    const retry = post('/callback?name=late', '<xml>late</xml>');
    await eventually(() => expect(joined()).toBe(joinedBefore + 1));
    expect(runtime.waiting('once')).toBe(1);
    probe().release('busy-1');
    probe().release('busy-2');
    expect(await Promise.all([first, retry])).toEqual([
      '200 late <xml>late</xml>',
      '200 late <xml>late</xml>',
    ]);
    await Promise.all(busy);
    expect(invocations()).toBe(before + 3);
  });

  it('is invoked again when the request it joined failed, as the caller’s next chance', async () => {
    const before = invocations();
    const joinedBefore = joined();
    const target = '/callback?name=flaky&hold=flaky&failOnce=flaky';
    const first = post(target, 'z');
    await eventually(() => expect(invocations()).toBe(before + 1));
    const retry = post(target, 'z');
    await eventually(() => expect(joined()).toBe(joinedBefore + 1));
    probe().release('flaky');
    expect(await first).toMatch(/^500 /);
    expect(await retry).toBe('200 flaky z');
    expect(invocations()).toBe(before + 2);
  });

  it('runs again once the first has answered, and is never joined on a route whose caller does not retry', async () => {
    const before = invocations();
    expect(await post('/callback?name=again', 'x')).toBe('200 again x');
    expect(await post('/callback?name=again', 'x')).toBe('200 again x');
    expect(invocations()).toBe(before + 2);
    const both = [post('/plain?name=p&hold=plain', 'y'), post('/plain?name=p&hold=plain', 'y')];
    await eventually(() => expect(invocations()).toBe(before + 4));
    probe().release('plain');
    expect(await Promise.all(both)).toEqual(['200 p y', '200 p y']);
  });
});

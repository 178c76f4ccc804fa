/**
 * Runs the manifest's functions in this process, the way Lambda runs them: each module is imported
 * on its first invocation (the cold start, after the runtime has set the environment the module may
 * read at load time), its exported `handler(event, context)` is called with a Lambda-like context,
 * and an invocation that outlives the function's timeout fails with Lambda's message. What an
 * invocation prints goes to the runtime's `log`, one readable line per log line (`function-logs.ts`).
 *
 * Each function runs at most `concurrency` invocations at once, as with a reserved concurrency; the
 * rest wait their turn in arrival order, and a function's timeout counts from its turn, as Lambda's
 * counts from the start of an invocation. Lambda would refuse (throttle) them instead; here they
 * wait because one process on a small machine cannot run a crowd's invocations at once: thousands
 * of callbacks started together each take longer than WeChat's 5 s deadline, WeChat's retries add
 * more, and the whole runtime serves almost nobody.
 *
 * Differences from Lambda, on purpose: invocations share one process and run concurrently, so
 * module state is shared (except Powertools' per-invocation state, kept apart as in Lambda's
 * concurrent environments: `function-logs.ts`); a timed-out invocation is reported as failed but
 * keeps running in the background (JavaScript cannot be interrupted); handlers must be async (no
 * callback argument).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import pLimit, { type LimitFunction } from 'p-limit';
import { serviceNameOf } from '../../shared/observability/names.ts';
import type { FunctionSpec } from '../manifest.ts';
import { localAccountId, localRegion } from './aws-identity.ts';
import { runInvocation } from './function-logs.ts';

type Handler = (event: unknown, context: Context) => unknown;

interface LoadedFunction {
  readonly handler: Handler;
  /** One log stream per execution environment, as in CloudWatch. */
  readonly logStreamName: string;
}

export interface FunctionHost {
  invoke(name: string, event: unknown): Promise<unknown>;
  /** Invocations of the function waiting for their turn now. */
  waiting(name: string): number;
  /** Resolves once no invocation is running or waiting for its turn; used at shutdown. */
  idle(): Promise<void>;
}

/** Invocations of one function running at once; enough to keep DynamoDB Local busy. */
export const defaultConcurrency = 16;

export function createFunctionHost(
  functions: Readonly<Record<string, FunctionSpec>>,
  repositoryRoot: string,
  log: (line: string) => void,
  concurrency = defaultConcurrency,
): FunctionHost {
  const loaded = new Map<string, Promise<LoadedFunction>>();
  const turns = new Map<string, LimitFunction>();
  const running = new Set<Promise<void>>();

  function turnOf(name: string): LimitFunction {
    let turn = turns.get(name);
    if (!turn) {
      turn = pLimit(concurrency);
      turns.set(name, turn);
    }
    return turn;
  }

  function load(name: string, spec: FunctionSpec): Promise<LoadedFunction> {
    let module = loaded.get(name);
    if (!module) {
      module = importHandler(name, spec, repositoryRoot);
      // A module that failed to load (not written yet, syntax error) is tried again next time.
      module.catch(() => loaded.delete(name));
      loaded.set(name, module);
    }
    return module;
  }

  return {
    invoke(name, event) {
      const spec = functions[name];
      if (!spec) return Promise.reject(new Error(`unknown function ${name}`));
      const result = turnOf(name)(() =>
        load(name, spec).then((fn) => runWithTimeout(name, spec, fn, event, log)),
      );
      const settled = result.then(
        () => {},
        () => {},
      );
      running.add(settled);
      void settled.then(() => running.delete(settled));
      return result;
    },
    waiting: (name) => turns.get(name)?.pendingCount ?? 0,
    async idle() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}

async function importHandler(
  name: string,
  spec: FunctionSpec,
  repositoryRoot: string,
): Promise<LoadedFunction> {
  const url = pathToFileURL(resolve(repositoryRoot, spec.entry)).href;
  let module: { handler?: unknown };
  try {
    module = await import(url);
  } catch (error) {
    throw new Error(`function ${name}: cannot load ${spec.entry}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (typeof module.handler !== 'function')
    throw new Error(`function ${name}: ${spec.entry} exports no handler`);
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    handler: module.handler as Handler,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
  };
}

function runWithTimeout(
  name: string,
  spec: FunctionSpec,
  fn: LoadedFunction,
  event: unknown,
  log: (line: string) => void,
): Promise<unknown> {
  const timeoutMs = spec.timeoutSeconds * 1000;
  const deadline = Date.now() + timeoutMs;
  const context = lambdaContext(name, spec, fn, deadline);
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name}: Task timed out after ${spec.timeoutSeconds.toFixed(2)} seconds`)),
      timeoutMs,
    );
    // Through a promise so that a handler throwing synchronously fails the invocation, not us.
    Promise.resolve()
      .then(() => runInvocation(serviceNameOf(name), log, () => fn.handler(event, context)))
      .then(resolvePromise, reject)
      .finally(() => clearTimeout(timer));
  });
}

function lambdaContext(name: string, spec: FunctionSpec, fn: LoadedFunction, deadline: number): Context {
  const unsupported = (method: string) => () => {
    throw new Error(`context.${method}() is not supported by the local runtime: return a promise instead`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${localRegion}:${localAccountId}:function:${name}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: fn.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}

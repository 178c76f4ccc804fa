/**
 * What the functions print, as the local runtime shows it. In Lambda each line a function writes to
 * stdout or stderr (Powertools' JSON log lines and EMF metrics) goes to CloudWatch Logs; here every
 * invocation runs in an async context that knows its function, and what it writes is handed to the
 * runtime's `log` as one readable line instead:
 *
 *   12:03:04 WARN wechat-callback callback rejected status=401 reason=signature_mismatch appId=wx…
 *
 * An error's stack follows its line, indented. Lines that are not JSON are shown as they are,
 * after the time and the function. Output outside any invocation (the runtime's own) is untouched.
 *
 * The same context is Lambda's per-invocation store (`globalThis.awslambda.InvokeStore`, as the
 * Node.js runtime provides it when one environment runs invocations concurrently and sets
 * `AWS_LAMBDA_MAX_CONCURRENCY`): the local runtime runs invocations concurrently in one process, so
 * Powertools keeps each invocation's log keys (Lambda context, correlation id) and stored metrics
 * there instead of sharing them between invocations.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

interface Invocation {
  /** The function's service name, e.g. `wechat-callback`. */
  readonly service: string;
  readonly log: (line: string) => void;
  /** The InvokeStore's values of this invocation. */
  readonly values: Map<PropertyKey, unknown>;
}

const invocations = new AsyncLocalStorage<Invocation>();

/** Told of every invocation when it has ended: the function's service name and its wall time. */
export type InvocationObserver = (service: string, ms: number) => void;

const observers = new Set<InvocationObserver>();

/**
 * Watches invocations (the benchmark prices Lambda by them); returns the function that stops watching.
 * Nothing in the runtime depends on it.
 */
export function observeInvocations(observer: InvocationObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

/** The service name of the function whose invocation this code runs in, if any (e.g. `dispatch`). */
export function currentFunctionService(): string | undefined {
  return invocations.getStore()?.service;
}

/** Runs one invocation of a function; what it prints goes to `log`, line by line, readably. */
export function runInvocation<T>(service: string, log: (line: string) => void, work: () => T): T {
  captureFunctionOutput();
  const started = performance.now();
  const result = invocations.run({ service, log, values: new Map() }, work);
  if (observers.size > 0) {
    const ended = () => {
      for (const observer of observers) observer(service, performance.now() - started);
    };
    Promise.resolve(result).then(ended, ended);
  }
  return result;
}

let captured = false;

/** Installs the InvokeStore and the stdout/stderr taps, once per process; both pass through outside invocations. */
function captureFunctionOutput(): void {
  if (captured) return;
  captured = true;
  const lambdaGlobal = globalThis as { awslambda?: Record<string, unknown> };
  lambdaGlobal.awslambda = {
    ...lambdaGlobal.awslambda,
    InvokeStore: {
      hasContext: () => invocations.getStore() !== undefined,
      get: (key: PropertyKey) => invocations.getStore()?.values.get(key),
      set: (key: PropertyKey, value: unknown) => {
        const invocation = invocations.getStore();
        if (!invocation) throw new Error('no invocation is running');
        invocation.values.set(key, value);
      },
      getXRayTraceId: () => undefined,
    },
  };
  process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '64';
  tap(process.stdout);
  tap(process.stderr);
}

function tap(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const invocation = invocations.getStore();
    if (!invocation) return write(chunk, ...rest);
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    // Outside the invocation's context, so that a `log` writing to stdout is not captured again.
    invocations.exit(() => {
      for (const line of text.split('\n')) {
        if (line.trim() !== '') invocation.log(readableLine(line, invocation.service));
      }
    });
    const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
    if (callback) process.nextTick(callback);
    return true;
  }) as typeof stream.write;
}

/** Keys every Powertools log line has; the line shows level, time and message, and the function instead. */
const standardKeys = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'sampling_rate',
  'xray_trace_id',
  'correlation_id',
]);

/** One line a function printed, made readable: a Powertools log line, an EMF metric or plain text. */
export function readableLine(line: string, service: string, now = new Date()): string {
  const entry = parseObject(line);
  if (entry && typeof entry._aws === 'object') return metricLine(entry, service, now);
  if (!entry || typeof entry.level !== 'string' || typeof entry.message !== 'string') {
    return `${clock(now)} ${service} ${line}`;
  }
  const time = typeof entry.timestamp === 'string' ? new Date(entry.timestamp) : now;
  const fields: string[] = [];
  let stack = '';
  for (const [key, value] of Object.entries(entry)) {
    if (standardKeys.has(key) || value === undefined) continue;
    if (isLoggedError(value)) {
      fields.push(`${key}=${field(`${value.name}: ${value.message}`)}`);
      stack = value.stack?.split('\n').slice(1).join('\n') ?? '';
      continue;
    }
    fields.push(`${key}=${field(value)}`);
  }
  if (entry.correlation_id !== undefined) fields.push(`correlation_id=${field(entry.correlation_id)}`);
  const text = [clock(time), entry.level, service, entry.message, ...fields].join(' ');
  return stack ? `${text}\n${stack}` : text;
}

interface LoggedError {
  name: string;
  message: string;
  stack?: string;
}

/** Powertools writes an Error as `{ name, location, message, stack }`. */
function isLoggedError(value: unknown): value is LoggedError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as LoggedError).name === 'string' &&
    typeof (value as LoggedError).message === 'string' &&
    'location' in value
  );
}

/** `12:03:04 METRIC wechat-callback CallbackRejected=1 reason=signature_mismatch` */
function metricLine(entry: Record<string, unknown>, service: string, now: Date): string {
  const emf = entry._aws as {
    Timestamp?: number;
    CloudWatchMetrics?: { Dimensions?: string[][]; Metrics?: { Name: string }[] }[];
  };
  const directives = emf.CloudWatchMetrics ?? [];
  const names = directives.flatMap((directive) => (directive.Metrics ?? []).map((metric) => metric.Name));
  const dimensions = [...new Set(directives.flatMap((directive) => (directive.Dimensions ?? []).flat()))];
  const fields = [
    ...names.map((name) => `${name}=${field(entry[name])}`),
    ...dimensions.filter((name) => name !== 'service').map((name) => `${name}=${field(entry[name])}`),
  ];
  const time = typeof emf.Timestamp === 'number' ? new Date(emf.Timestamp) : now;
  return [clock(time), 'METRIC', service, ...fields].join(' ');
}

function parseObject(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A value as `key=value` shows it: bare when that is unambiguous, JSON otherwise. */
function field(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** Local wall-clock time, HH:MM:SS. */
function clock(date: Date): string {
  return date.toTimeString().slice(0, 8);
}

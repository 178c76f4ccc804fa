/**
 * What an inbound message costs, as the callback section measures it: the DynamoDB request units of
 * every call, split by the function that made it (the callback's ingest, the stream consumer's
 * dispatch, and whatever else ran meanwhile, e.g. housekeeping) and by table and index; the Lambda
 * invocations and their wall time; the frames pushed to sockets; and from those the list price of the
 * whole inbound path per million messages.
 *
 * The local runtime runs every function in this process, so one middleware on the shared DynamoDB
 * client sees every call, and the runtime says which function's invocation a call belongs to
 * (`infra/local/function-logs.ts`). DynamoDB Local reports the consumed capacity of a single read or
 * write as DynamoDB does (1 unit per KB written, per index written, half a unit per 4 KB read
 * eventually), but not that of a transaction: it answers 2 units for a table however many of its items
 * the transaction writes. So while `exactTransactions` is on, a transaction's units are worked out
 * here the way DynamoDB charges them: every item read before and after (with a client of its own,
 * which is not metered), 2 units per item and KB of the larger image, and for every index the item
 * was or is in, 2 units per index entry put or deleted (a changed index key deletes one and puts
 * another; a changed projected attribute puts one). The reads slow the transaction down, so latency
 * is never measured with it on. A write whose condition failed reports nothing either, although
 * DynamoDB charges it: those are counted apart, as failed conditional writes.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { currentFunctionService, observeInvocations } from '../../infra/local/function-logs.ts';
import { functions } from '../../infra/manifest.ts';
import { serviceNameOf } from '../../shared/observability/names.ts';
import { dynamo } from '../../shared/store/client.ts';
import { type TableDefinition, tables } from '../../shared/store/tables.ts';

/** List prices, us-east-1, in dollars per million (Lambda duration per GB-second, arm64). */
export const listPrices = {
  dynamodbWrite: 0.625,
  dynamodbRead: 0.125,
  httpApiRequest: 1.0,
  lambdaRequest: 0.2,
  lambdaArmGbSecond: 0.0000133334,
  webSocketMessage: 1.0,
} as const;

/** The functions of the inbound path: the callback (ingest) and the stream consumer (dispatch). */
const inboundSteps = ['wechat-callback', 'dispatch'] as const;

const memoryMbByService = new Map(
  Object.entries(functions).map(([name, spec]) => [serviceNameOf(name), spec.memoryMb]),
);

const writeCommands = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

interface ConsumedCapacity {
  TableName?: string;
  CapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
  LocalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}

/** Running totals, keyed `step \t table[/index] \t read|write`, and per step the failed writes. */
export interface CostMeter {
  readonly units: Map<string, number>;
  readonly failedWrites: Map<string, number>;
  readonly invocations: Map<string, { count: number; ms: number }>;
  /** Works out transactions' units instead of taking DynamoDB Local's (see above); slows them down. */
  exactTransactions: boolean;
}

export interface CostSnapshot {
  units: Map<string, number>;
  failedWrites: Map<string, number>;
  invocations: Map<string, { count: number; ms: number }>;
  /** Frames the measured sockets received. */
  pushes: number;
}

let installed: CostMeter | undefined;

/**
 * Starts counting (or goes on: a second call answers the meter already counting). `tableNames` maps table ids to the physical names the functions use, so that the
 * report names tables as `shared/store/tables.ts` does.
 */
export function meterCosts(tableNames: Readonly<Record<string, string>>): CostMeter {
  // One meter per process: the store's client is one, and so is what it has counted.
  if (installed) return installed;
  const tableIds = new Map(Object.entries(tableNames).map(([id, name]) => [name, id]));
  const meter: CostMeter = {
    units: new Map(),
    failedWrites: new Map(),
    invocations: new Map(),
    exactTransactions: false,
  };
  const add = (key: string, units: number) => {
    if (units > 0) meter.units.set(key, (meter.units.get(key) ?? 0) + units);
  };
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'INDEXES';
      const step = currentFunctionService() ?? 'bench';
      const kind = writeCommands.test(context.commandName ?? '') ? 'write' : 'read';
      const transaction =
        meter.exactTransactions && context.commandName === 'TransactWriteItemsCommand'
          ? await transactionImages(args.input as TransactWriteCommandInput, tableIds)
          : undefined;
      let result: Awaited<ReturnType<typeof next>>;
      try {
        result = await next(args);
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (
          kind === 'write' &&
          (name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException')
        ) {
          meter.failedWrites.set(step, (meter.failedWrites.get(step) ?? 0) + 1);
        }
        throw error;
      }
      if (transaction) {
        for (const [table, units] of await transactionUnits(transaction))
          add(`${step}\t${table}\t${kind}`, units);
        return result;
      }
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
        .ConsumedCapacity;
      for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        const table = tableIds.get(entry.TableName ?? '') ?? entry.TableName ?? '?';
        const indexes = { ...entry.GlobalSecondaryIndexes, ...entry.LocalSecondaryIndexes };
        const indexUnits = Object.values(indexes).reduce((sum, index) => sum + (index.CapacityUnits ?? 0), 0);
        // The table's own share: what is left of the total once the indexes have theirs.
        add(
          `${step}\t${table}\t${kind}`,
          entry.Table?.CapacityUnits ?? (entry.CapacityUnits ?? 0) - indexUnits,
        );
        for (const [index, { CapacityUnits = 0 }] of Object.entries(indexes)) {
          add(`${step}\t${table}/${index}\t${kind}`, CapacityUnits);
        }
      }
      return result;
    },
    { step: 'initialize', name: 'meterCosts' },
  );
  installed = meter;
  observeInvocations((service, ms) => {
    const seen = meter.invocations.get(service) ?? { count: 0, ms: 0 };
    meter.invocations.set(service, { count: seen.count + 1, ms: seen.ms + ms });
  });
  return meter;
}

let inspector: DynamoDBDocumentClient | undefined;

/** A client of its own (same endpoint), so that the meter's reads are not metered. */
function inspectingClient(): DynamoDBDocumentClient {
  inspector ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return inspector;
}

type Item = Record<string, unknown>;

interface TransactionItem {
  definition: TableDefinition;
  tableName: string;
  key: Item;
  before: Item | undefined;
}

const definitions = new Map<string, TableDefinition>(tables.map((definition) => [definition.id, definition]));

function keyOf(definition: TableDefinition, item: Item): Item {
  const key: Item = { [definition.partitionKey.name]: item[definition.partitionKey.name] };
  if (definition.sortKey) key[definition.sortKey.name] = item[definition.sortKey.name];
  return key;
}

async function image(tableName: string, key: Item): Promise<Item | undefined> {
  const { Item } = await inspectingClient().send(
    new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
  );
  return Item;
}

/** The items a transaction writes, each with its image before. */
async function transactionImages(
  input: TransactWriteCommandInput,
  tableIds: ReadonlyMap<string, string>,
): Promise<TransactionItem[]> {
  const items: Omit<TransactionItem, 'before'>[] = [];
  for (const entry of input.TransactItems ?? []) {
    const action = entry.Put ?? entry.Update ?? entry.Delete ?? entry.ConditionCheck;
    const tableName = action?.TableName ?? '';
    const definition = definitions.get(tableIds.get(tableName) ?? '');
    if (!action || !definition) throw new Error(`the meter does not know table ${tableName}`);
    const key = entry.Put ? keyOf(definition, entry.Put.Item ?? {}) : ((action as { Key?: Item }).Key ?? {});
    items.push({ definition, tableName, key });
  }
  return Promise.all(items.map(async (item) => ({ ...item, before: await image(item.tableName, item.key) })));
}

/** DynamoDB's item size: names and values in bytes (numbers about one byte per two digits). */
function sizeOf(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    return Math.ceil(String(value).replace(/[-.]/g, '').replace(/^0+/, '').length / 2) + 1;
  }
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, element) => sum + sizeOf(element), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + sizeOf(element), 0);
  return (
    3 +
    Object.entries(value as Item).reduce(
      (sum, [name, element]) => sum + Buffer.byteLength(name) + 1 + sizeOf(element),
      0,
    )
  );
}

function itemSize(item: Item | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + sizeOf(value),
    0,
  );
}

function stable(value: unknown): string {
  if (value instanceof Set) return JSON.stringify([...value].map(stable).sort());
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const entries = Object.entries(value as Item).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([name, element]) => `${JSON.stringify(name)}:${stable(element)}`).join(',')}}`;
  }
  return JSON.stringify(typeof value === 'bigint' ? String(value) : value);
}

const kilobytes = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/** Units by table and index, as DynamoDB charges the transaction that has just been written. */
async function transactionUnits(items: TransactionItem[]): Promise<Map<string, number>> {
  const units = new Map<string, number>();
  const add = (table: string, value: number) => units.set(table, (units.get(table) ?? 0) + value);
  for (const item of items) {
    const after = await image(item.tableName, item.key);
    const { definition, before } = item;
    add(definition.id, 2 * kilobytes(Math.max(itemSize(before), itemSize(after))));
    for (const index of definition.globalSecondaryIndexes) {
      const indexKey = (image: Item | undefined) => {
        const partition = image?.[index.partitionKey.name];
        const sort = index.sortKey ? image?.[index.sortKey.name] : '';
        return partition === undefined || sort === undefined ? undefined : stable([partition, sort]);
      };
      const [was, is] = [indexKey(before), indexKey(after)];
      const projected = (image: Item | undefined) =>
        index.projection === 'ALL' ? itemSize(image) : itemSize({ ...keyOf(definition, image ?? {}) }) + 64;
      let entries = 0;
      if (was !== undefined && is !== undefined && was !== is) entries = 2;
      else if (was !== undefined && is !== undefined) {
        entries = index.projection === 'ALL' && stable(before) !== stable(after) ? 1 : 0;
      } else if (was !== undefined || is !== undefined) entries = 1;
      if (entries > 0) {
        add(
          `${definition.id}/${index.indexName}`,
          2 * entries * kilobytes(Math.max(projected(before), projected(after))),
        );
      }
    }
  }
  return units;
}

export function snapshot(meter: CostMeter, pushes: number): CostSnapshot {
  return {
    units: new Map(meter.units),
    failedWrites: new Map(meter.failedWrites),
    invocations: new Map([...meter.invocations].map(([service, seen]) => [service, { ...seen }])),
    pushes,
  };
}

/** One function's DynamoDB use on one table or index, per message. */
export interface CostLine {
  step: string;
  table: string;
  readUnits: number;
  writeUnits: number;
}

/** One function's invocations, per message, with their mean wall time. */
export interface InvocationLine {
  service: string;
  perMessage: number;
  meanMs: number;
  memoryMb: number;
}

/** Dollars per million inbound messages at list price. */
export interface InboundPathPrice {
  httpApi: number;
  lambdaRequests: number;
  lambdaDuration: number;
  webSocket: number;
  dynamodb: number;
  total: number;
}

export interface CostBreakdown {
  messages: number;
  /** The inbound path's functions (callback and dispatch) only, per message. */
  inbound: { writeUnits: number; readUnits: number; failedConditionalWrites: number };
  /** Everything else that ran in the window (housekeeping every minute, sockets' pings…), per message. */
  others: { writeUnits: number; readUnits: number };
  lines: CostLine[];
  invocations: InvocationLine[];
  pushesPerMessage: number;
  price: InboundPathPrice;
}

/** What happened between two snapshots, per message. */
export function breakdown(before: CostSnapshot, after: CostSnapshot, messages: number): CostBreakdown {
  const byLine = new Map<string, CostLine>();
  for (const [key, units] of after.units) {
    const delta = (units - (before.units.get(key) ?? 0)) / messages;
    if (delta <= 0) continue;
    const [step = '', table = '', kind] = key.split('\t');
    const line = byLine.get(`${step}\t${table}`) ?? { step, table, readUnits: 0, writeUnits: 0 };
    if (kind === 'write') line.writeUnits += delta;
    else line.readUnits += delta;
    byLine.set(`${step}\t${table}`, line);
  }
  const lines = [...byLine.values()].sort(
    (a, b) => stepOrder(a.step) - stepOrder(b.step) || a.table.localeCompare(b.table),
  );
  const isInbound = (step: string) => (inboundSteps as readonly string[]).includes(step);
  const sum = (which: CostLine[], field: 'readUnits' | 'writeUnits') =>
    which.reduce((total, line) => total + line[field], 0);
  const inboundLines = lines.filter((line) => isInbound(line.step));
  const otherLines = lines.filter((line) => !isInbound(line.step));
  const failed = inboundSteps.reduce(
    (total, step) => total + (after.failedWrites.get(step) ?? 0) - (before.failedWrites.get(step) ?? 0),
    0,
  );
  const invocations: InvocationLine[] = [];
  for (const [service, seen] of after.invocations) {
    const earlier = before.invocations.get(service) ?? { count: 0, ms: 0 };
    const count = seen.count - earlier.count;
    if (count <= 0) continue;
    invocations.push({
      service,
      perMessage: count / messages,
      meanMs: (seen.ms - earlier.ms) / count,
      memoryMb: memoryMbByService.get(service) ?? 0,
    });
  }
  invocations.sort((a, b) => stepOrder(a.service) - stepOrder(b.service));
  const inbound = {
    writeUnits: sum(inboundLines, 'writeUnits'),
    readUnits: sum(inboundLines, 'readUnits'),
    failedConditionalWrites: failed / messages,
  };
  const pushesPerMessage = (after.pushes - before.pushes) / messages;
  const inboundInvocations = invocations.filter((line) => isInbound(line.service));
  const price = {
    httpApi: listPrices.httpApiRequest,
    lambdaRequests: inboundInvocations.reduce(
      (total, line) => total + line.perMessage * listPrices.lambdaRequest,
      0,
    ),
    // Billed per millisecond, rounded up; Lambda prices per GB-second, so per million × 1e6.
    lambdaDuration: inboundInvocations.reduce(
      (total, line) =>
        total +
        line.perMessage *
          (Math.ceil(line.meanMs) / 1000) *
          (line.memoryMb / 1024) *
          listPrices.lambdaArmGbSecond *
          1e6,
      0,
    ),
    webSocket: pushesPerMessage * listPrices.webSocketMessage,
    dynamodb: inbound.writeUnits * listPrices.dynamodbWrite + inbound.readUnits * listPrices.dynamodbRead,
    total: 0,
  };
  price.total =
    price.httpApi + price.lambdaRequests + price.lambdaDuration + price.webSocket + price.dynamodb;
  return {
    messages,
    inbound,
    others: { writeUnits: sum(otherLines, 'writeUnits'), readUnits: sum(otherLines, 'readUnits') },
    lines,
    invocations,
    pushesPerMessage,
    price,
  };
}

function stepOrder(step: string): number {
  const index = (inboundSteps as readonly string[]).indexOf(step);
  return index === -1 ? inboundSteps.length : index;
}

const units = (value: number) => (value === 0 ? '–' : value.toFixed(2));
const dollars = (value: number) => `$${value.toFixed(2)}`;

/** The console lines of a breakdown. */
export function costLines(label: string, cost: CostBreakdown): string[] {
  const { inbound, price } = cost;
  return [
    `${label} (${cost.messages} messages): DynamoDB ${inbound.writeUnits.toFixed(2)} WRU + ${inbound.readUnits.toFixed(2)} RRU ` +
      `→ ${dollars(price.dynamodb)} per million; whole inbound path ${dollars(price.total)} per million`,
    ...cost.lines.map(
      (line) =>
        `  ${line.step.padEnd(16)} ${line.table.padEnd(22)} ${units(line.writeUnits).padStart(6)} WRU ${units(line.readUnits).padStart(6)} RRU`,
    ),
    ...cost.invocations.map(
      (line) =>
        `  λ ${line.service.padEnd(14)} ${line.perMessage.toFixed(2)} invocations per message, mean ${line.meanMs.toFixed(1)} ms at ${line.memoryMb} MB`,
    ),
    `  failed conditional writes per message: ${inbound.failedConditionalWrites.toFixed(2)}; frames pushed per message: ${cost.pushesPerMessage.toFixed(2)}`,
  ];
}

const costedSizesNote =
  'customers of one app, served by one agent, first each open a conversation, then write again in turn ' +
  '(each every few seconds, as people do); then one customer writes back to back, about ten a second, ' +
  'more than their conversation remembers for the minutes a repeated delivery may come in ' +
  '(shared/domain/recent-inbound.ts), so some of them are written down as dedupe items of their own.';

/** The report's section on what an inbound message costs. */
export function costSection(cases: { label: string; cost: CostBreakdown }[]): string[] {
  const lines = [
    '### What an inbound message costs',
    '',
    'DynamoDB request units counted with ReturnConsumedCapacity (INDEXES) on every call, by the function',
    'that made it (the local runtime runs them all in one process and says whose invocation a call is',
    'in), divided by the number of messages. The inbound path is the callback function (ingest) and the',
    'stream consumer (dispatch); other functions that ran meanwhile (housekeeping runs every minute,',
    'whatever the traffic) are shown but not counted in it. DynamoDB Local answers 2 units per table for',
    'a transaction however many items it writes, so a transaction’s units are worked out from its items',
    'read before and after it (2 per item and KB, 2 per index entry put or deleted), in a pass of its own',
    'after the latency loop (those reads slow it down). DynamoDB Local reports no units for a write whose',
    'condition failed, which DynamoDB charges: those are counted as failed conditional writes. The cases:',
    `${costedSizesNote}`,
    '',
    '| Case | Function | Table / index | Writes (WRU) | Reads (RRU) |',
    '|---|---|---|---|---|',
  ];
  for (const { label, cost } of cases) {
    for (const line of cost.lines) {
      lines.push(
        `| ${label} | ${line.step} | ${line.table} | ${units(line.writeUnits)} | ${units(line.readUnits)} |`,
      );
    }
    lines.push(
      `| ${label} | **inbound path** | | **${cost.inbound.writeUnits.toFixed(2)}** | **${cost.inbound.readUnits.toFixed(2)}** |`,
    );
  }
  lines.push(
    '',
    'The whole inbound path at list price (us-east-1, per million inbound messages): the HTTP API request,',
    `the Lambda requests and duration of the callback and dispatch invocations (arm64, $${listPrices.lambdaArmGbSecond} per`,
    'GB-second, the manifest’s memory, the mean wall time of the invocations measured here, which on the',
    'local runtime includes DynamoDB Local and a shared CPU), one WebSocket message per frame pushed',
    `($${listPrices.webSocketMessage} per million; connection minutes are per agent, not per message) and DynamoDB`,
    `($${listPrices.dynamodbWrite} per million WRU, $${listPrices.dynamodbRead} per million RRU). Stream reads by a Lambda trigger are free; logs are left out.`,
    'The messages go one at a time, so every dispatch is an invocation of its own; under load the stream',
    'trigger hands the consumer up to 25 records at once, and its requests and start-up are shared.',
    '',
    '| Case | Messages | HTTP API | Lambda requests | Lambda duration | WebSocket | DynamoDB | Total | Failed conditional writes per message |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const { label, cost } of cases) {
    const { price } = cost;
    lines.push(
      `| ${label} | ${cost.messages} | ${dollars(price.httpApi)} | ${dollars(price.lambdaRequests)} | ${dollars(price.lambdaDuration)} | ${dollars(price.webSocket)} | ${dollars(price.dynamodb)} | **${dollars(price.total)}** | ${cost.inbound.failedConditionalWrites.toFixed(2)} |`,
    );
  }
  lines.push('');
  return lines;
}

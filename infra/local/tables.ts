/**
 * Creates the tables declared in `shared/store/tables.ts` in DynamoDB Local, as CDK creates them in
 * the cloud: keys, GSIs, stream view and TTL attribute. DynamoDB Local accepts the TTL setting but
 * never deletes expired items, which the code must not rely on anyway (TTL deletion is best-effort
 * in AWS too).
 *
 * With a persisted data folder the tables already exist; they are kept, after checking they still
 * match their definitions, because a table created from an older definition would fail later in a
 * confusing way. An index added to a definition since is added to the table (as a stack update
 * does in the cloud); any other difference is an error.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  type KeyAttribute,
  projectionOf,
  type TableDefinition,
  type TableId,
} from '../../shared/store/tables.ts';

export async function createTables(
  client: DynamoDBClient,
  definitions: readonly TableDefinition[],
  prefix: string,
): Promise<Record<TableId, string>> {
  const names = await Promise.all(
    definitions.map(async (definition) => {
      const name = `${prefix}${definition.id}`;
      await createTable(client, definition, name);
      return [definition.id, name] as const;
    }),
  );
  return Object.fromEntries(names) as Record<TableId, string>;
}

async function createTable(client: DynamoDBClient, definition: TableDefinition, name: string): Promise<void> {
  try {
    // DynamoDB Local creates tables ACTIVE at once: there is no status to wait for.
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions(definition),
        KeySchema: keySchema(definition.partitionKey, definition.sortKey),
        GlobalSecondaryIndexes: definition.globalSecondaryIndexes.length
          ? definition.globalSecondaryIndexes.map((index) => ({
              IndexName: index.indexName,
              KeySchema: keySchema(index.partitionKey, index.sortKey),
              Projection: projectionOf(index),
            }))
          : undefined,
        StreamSpecification: definition.stream
          ? { StreamEnabled: true, StreamViewType: definition.stream }
          : undefined,
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
    const describe = async () => (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
    let table = await describe();
    if (table && (await addMissingIndexes(client, definition, name, table))) table = await describe();
    const mismatch = table && differences(definition, table);
    if (mismatch) {
      throw new Error(
        `table ${name} in the data folder was created from an older definition (${mismatch}); ` +
          'delete the data folder (or use --in-memory) to recreate it',
      );
    }
  }
  if (definition.timeToLiveAttribute) await enableTimeToLive(client, name, definition.timeToLiveAttribute);
}

async function addMissingIndexes(
  client: DynamoDBClient,
  definition: TableDefinition,
  name: string,
  table: TableDescription,
): Promise<boolean> {
  let added = false;
  for (const index of definition.globalSecondaryIndexes) {
    if (table.GlobalSecondaryIndexes?.some((existing) => existing.IndexName === index.indexName)) continue;
    added = true;
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: attributeDefinitions(definition),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.indexName,
              KeySchema: keySchema(index.partitionKey, index.sortKey),
              Projection: projectionOf(index),
            },
          },
        ],
      }),
    );
  }
  return added;
}

async function enableTimeToLive(client: DynamoDBClient, name: string, attribute: string): Promise<void> {
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
  if (TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED') return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { Enabled: true, AttributeName: attribute },
    }),
  );
}

function attributeDefinitions(definition: TableDefinition): AttributeDefinition[] {
  const keys = [definition.partitionKey, definition.sortKey];
  for (const index of definition.globalSecondaryIndexes) keys.push(index.partitionKey, index.sortKey);
  const types = new Map<string, KeyAttribute['type']>();
  for (const key of keys) if (key) types.set(key.name, key.type);
  return [...types].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
}

function keySchema(partitionKey: KeyAttribute, sortKey: KeyAttribute | undefined): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: partitionKey.name, KeyType: 'HASH' }];
  if (sortKey) schema.push({ AttributeName: sortKey.name, KeyType: 'RANGE' });
  return schema;
}

function describeKeys(schema: readonly KeySchemaElement[] | undefined): string {
  return (schema ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join(',');
}

/** What differs between an existing table and its definition, or undefined if nothing does. */
function differences(definition: TableDefinition, table: TableDescription): string | undefined {
  if (
    describeKeys(table.KeySchema) !== describeKeys(keySchema(definition.partitionKey, definition.sortKey))
  ) {
    return 'different key schema';
  }
  for (const index of definition.globalSecondaryIndexes) {
    const existing = table.GlobalSecondaryIndexes?.find(
      (candidate) => candidate.IndexName === index.indexName,
    );
    if (!existing) return `no index ${index.indexName}`;
    if (describeKeys(existing.KeySchema) !== describeKeys(keySchema(index.partitionKey, index.sortKey))) {
      return `index ${index.indexName} has different keys`;
    }
  }
  const stream = table.StreamSpecification?.StreamEnabled
    ? table.StreamSpecification.StreamViewType
    : undefined;
  if (stream !== definition.stream)
    return `stream ${stream ?? 'off'} instead of ${definition.stream ?? 'off'}`;
  return undefined;
}

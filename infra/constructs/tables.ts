/**
 * The DynamoDB tables, one `TableV2` per definition in `shared/store/tables.ts` (the same definitions
 * the local runtime creates in DynamoDB Local). Nothing here names a table: keys, indexes, TTL and
 * stream all come from the definition.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  type GlobalSecondaryIndexPropsV2,
  ProjectionType,
  StreamViewType,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { IndexDefinition, KeyAttribute, TableDefinition, TableId } from '../../shared/store/tables.ts';

export interface TablesProps {
  readonly definitions: readonly TableDefinition[];
  /** DynamoDB deletion protection: a `DeleteTable` call (or a stack update that replaces the table) fails. */
  readonly deletionProtection: boolean;
}

function attribute(key: KeyAttribute): { name: string; type: AttributeType } {
  return { name: key.name, type: key.type === 'N' ? AttributeType.NUMBER : AttributeType.STRING };
}

function pascal(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

export class Tables extends Construct {
  private readonly tables = new Map<TableId, { table: TableV2; definition: TableDefinition }>();

  constructor(scope: Construct, id: string, props: TablesProps) {
    super(scope, id);
    for (const definition of props.definitions) {
      const globalSecondaryIndexes: GlobalSecondaryIndexPropsV2[] = definition.globalSecondaryIndexes.map(
        (index) => ({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
          ...projectionProps(index),
        }),
      );
      const table = new TableV2(this, `${pascal(definition.id)}Table`, {
        partitionKey: attribute(definition.partitionKey),
        ...(definition.sortKey ? { sortKey: attribute(definition.sortKey) } : {}),
        billing: Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
        ...(definition.stream ? { dynamoStream: StreamViewType[definition.stream] } : {}),
        globalSecondaryIndexes,
        deletionProtection: props.deletionProtection,
        // Conversations and messages are the business's records: deleting the stack leaves them.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.tables.set(definition.id, { table, definition });
    }
  }

  get(id: TableId): { table: TableV2; definition: TableDefinition } {
    const entry = this.tables.get(id);
    if (!entry)
      throw new Error(`the manifest refers to table "${id}", which shared/store/tables.ts does not define`);
    return entry;
  }

  all(): readonly { table: TableV2; definition: TableDefinition }[] {
    return [...this.tables.values()];
  }
}

function projectionProps(
  index: IndexDefinition,
): Pick<GlobalSecondaryIndexPropsV2, 'projectionType' | 'nonKeyAttributes'> {
  if (index.projection === 'ALL') return { projectionType: ProjectionType.ALL };
  if (index.projection === 'KEYS_ONLY') return { projectionType: ProjectionType.KEYS_ONLY };
  return { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.include] };
}

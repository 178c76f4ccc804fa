import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  paginateQuery,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './tables.ts';

let documentClient: DynamoDBDocumentClient | undefined;

/**
 * One document client per process, created on first use so that a function's cold start does no
 * work it does not need. The endpoint comes from the environment (`AWS_ENDPOINT_URL_DYNAMODB`
 * locally), so nothing here knows where it runs.
 */
export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

export function tableName(table: TableRef): string {
  const name = process.env[table.envVar];
  if (!name) throw new Error(`${table.envVar} is not set: the function was deployed without its table`);
  return name;
}

export function isConditionalCheckFailure(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/** Applies an update whose condition decides who wins: false when the condition did not hold. */
export async function updateIf(input: UpdateCommandInput): Promise<boolean> {
  try {
    await dynamo().send(new UpdateCommand(input));
    return true;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return false;
    throw error;
  }
}

/** Every item a query finds, page after page. */
export async function queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client: dynamo() }, input)) items.push(...(page.Items ?? []));
  return items;
}

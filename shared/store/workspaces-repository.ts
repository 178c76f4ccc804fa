import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, isConditionalCheckFailure, tableName } from './client.ts';
import { workspaceKey } from './keys.ts';
import { coreTable } from './tables.ts';

export interface Workspace {
  workspaceId: string;
  name: string;
  createdAt: number;
}

/** Records a new workspace; false when one of that id exists already. */
export async function createWorkspace(workspace: Workspace): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(coreTable),
        Item: { ...workspaceKey(workspace.workspaceId), kind: 'workspace', ...workspace },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return false;
    throw error;
  }
}

export async function getWorkspace(workspaceId: string): Promise<Workspace | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(coreTable), Key: workspaceKey(workspaceId) }),
  );
  return Item
    ? { workspaceId, name: String(Item.name ?? workspaceId), createdAt: Number(Item.createdAt ?? 0) }
    : undefined;
}

export async function deleteWorkspace(workspaceId: string): Promise<void> {
  await dynamo().send(new DeleteCommand({ TableName: tableName(coreTable), Key: workspaceKey(workspaceId) }));
}

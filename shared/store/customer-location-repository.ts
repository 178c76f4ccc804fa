import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, isConditionalCheckFailure, tableName } from './client.ts';
import { customerProfileKey } from './keys.ts';
import { coreTable } from './tables.ts';

/** Where a customer last said they were (an Official Account's location reports). */
export interface LastLocation {
  latitude: number;
  longitude: number;
  /** Metres, as WeChat reports it. */
  precision?: number;
  /** When the customer's WeChat reported it (ms since epoch). */
  at: number;
}

/**
 * Sets the customer's last known position on their profile item, touching nothing else on it (the
 * profile's other attributes are the agents'). A report older than the one stored changes nothing,
 * so a late retry never moves the customer back in time.
 */
export async function recordLastLocation(
  appId: string,
  openId: string,
  location: LastLocation,
): Promise<void> {
  await dynamo()
    .send(
      new UpdateCommand({
        TableName: tableName(coreTable),
        Key: customerProfileKey(appId, openId),
        UpdateExpression: 'SET lastLocation = :location',
        ConditionExpression: 'attribute_not_exists(lastLocation) OR lastLocation.#at <= :at',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':location': location, ':at': location.at },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionalCheckFailure(error)) throw error;
    });
}

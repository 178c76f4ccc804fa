/**
 * DynamoDB Streams records as Lambda delivers them: the local stream trigger polls the Streams API,
 * and the redrive of a stream trigger's failures reads records back from it. The Streams SDK client
 * hands back parsed values (dates as `Date`, binary attributes as bytes); a Lambda
 * `DynamoDBStreamEvent` carries the JSON wire shape instead: `ApproximateCreationDateTime` in epoch
 * seconds, binary attributes in base64, every attribute in the `{ "S": "…" }` form.
 */
import type {
  AttributeValue as SdkAttributeValue,
  _Record as SdkRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, AttributeValue as LambdaAttributeValue } from 'aws-lambda';

type Image = Record<string, LambdaAttributeValue>;

export function toLambdaRecord(record: SdkRecord, streamArn: string, region: string): DynamoDBRecord {
  const change = record.dynamodb ?? {};
  const lambdaRecord: DynamoDBRecord = {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ApproximateCreationDateTime:
        change.ApproximateCreationDateTime && Math.floor(change.ApproximateCreationDateTime.getTime() / 1000),
      Keys: toImage(change.Keys),
      NewImage: toImage(change.NewImage),
      OldImage: toImage(change.OldImage),
      SequenceNumber: change.SequenceNumber,
      SizeBytes: change.SizeBytes,
      StreamViewType: change.StreamViewType,
    },
    eventSourceARN: streamArn,
  };
  // TTL deletions name the DynamoDB service as the actor.
  if (record.userIdentity) lambdaRecord.userIdentity = { ...record.userIdentity };
  return withoutUndefined(lambdaRecord);
}

function toImage(image: Record<string, SdkAttributeValue> | undefined): Image | undefined {
  return (
    image && Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toAttribute(value)]))
  );
}

function toAttribute(value: SdkAttributeValue): LambdaAttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((bytes) => Buffer.from(bytes).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(toAttribute) };
  if (value.M !== undefined) return { M: toImage(value.M) as Image };
  // An empty map comes back from the stream with no member set at all; Lambda delivers `{ M: {} }`.
  if (Object.values(value).every((member) => member === undefined)) return { M: {} };
  return value as LambdaAttributeValue;
}

/** Drops absent fields (an INSERT has no OldImage) so the record serialises like Lambda's. */
function withoutUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

import type { _Record as SdkRecord } from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { toLambdaRecord } from '../../../infra/local/stream-records.ts';

const streamArn = 'arn:aws:dynamodb:local:000000000000:table/core/stream/2026-01-01T00:00:00.000';

function insertOf(newImage: NonNullable<SdkRecord['dynamodb']>['NewImage']): SdkRecord {
  return {
    eventID: 'event-1',
    eventName: 'INSERT',
    dynamodb: {
      ApproximateCreationDateTime: new Date('2026-11-24T10:00:00.900Z'),
      Keys: { pk: { S: 'MSG#1' } },
      NewImage: newImage,
      SequenceNumber: '100',
      SizeBytes: 42,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

describe('stream records as Lambda delivers them', () => {
  it('gives empty maps back their type, at any depth, so the image unmarshalls', () => {
    // The streams client hands an empty map back as an attribute with no member set.
    const record = toLambdaRecord(
      insertOf({
        pk: { S: 'MSG#1' },
        detail: {} as never,
        content: { M: { detail: {} as never, tags: { L: [] }, type: { S: 'event' } } },
      }),
      streamArn,
      'local',
    );
    const image = record.dynamodb?.NewImage as Record<string, AttributeValue>;
    expect(image.detail).toEqual({ M: {} });
    expect(unmarshall(image as never)).toEqual({
      pk: 'MSG#1',
      detail: {},
      content: { detail: {}, tags: [], type: 'event' },
    });
  });

  it('carries binary as base64, the creation time in epoch seconds, and no absent fields', () => {
    const record = toLambdaRecord(
      insertOf({ pk: { S: 'MSG#1' }, blob: { B: new Uint8Array([1, 2, 255]) } }),
      streamArn,
      'local',
    );
    expect(record.dynamodb?.NewImage?.blob).toEqual({ B: 'AQL/' });
    expect(record.dynamodb?.ApproximateCreationDateTime).toBe(1795514400);
    expect(record.dynamodb && 'OldImage' in record.dynamodb).toBe(false);
    expect(record).toMatchObject({ eventName: 'INSERT', eventSourceARN: streamArn, awsRegion: 'local' });
  });
});

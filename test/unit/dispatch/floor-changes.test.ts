import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { floorChangesOf } from '../../../shared/dispatch/floor-changes.ts';

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

const record = (eventName: DynamoDBRecord['eventName'], image: Record<string, unknown>): DynamoDBRecord => ({
  eventName,
  dynamodb: { NewImage: marshall(image, { removeUndefinedValues: true }) as Image },
});

const line = (workspaceId: string, author: string, type = 'text') => ({
  conversationId: 'c1',
  messageId: 'm1',
  workspaceId,
  author,
  content: { type },
});

describe('floorChangesOf', () => {
  it('names each workspace once, however many of its messages and lifecycle events a batch holds', () => {
    const changes = floorChangesOf([
      record('INSERT', line('w1', 'customer')),
      record('INSERT', line('w1', 'agent')),
      record('INSERT', line('w1', 'system', 'event')),
      record('INSERT', line('w2', 'customer')),
    ]);
    expect([...changes].sort()).toEqual(['w1', 'w2']);
  });

  it('leaves out what changes nothing a supervisor watches: notes, automatic replies, delivery updates', () => {
    const changes = floorChangesOf([
      record('INSERT', line('w1', 'agent', 'note')),
      record('INSERT', line('w2', 'bot')),
      record('MODIFY', line('w3', 'agent')),
      record('REMOVE', line('w4', 'customer')),
    ]);
    expect([...changes]).toEqual([]);
  });
});

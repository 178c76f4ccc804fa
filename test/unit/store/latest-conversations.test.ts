import { describe, expect, it } from 'vitest';
import { latestConversationId, noteLatestConversation } from '../../../shared/store/latest-conversations.ts';

describe('the memory of customers’ latest conversations', () => {
  it('answers the conversation noted last for the customer, and nothing for one never seen', () => {
    noteLatestConversation('wxapp', 'o-first', 'C1');
    noteLatestConversation('wxapp', 'o-first', 'C2');
    expect(latestConversationId('wxapp', 'o-first')).toBe('C2');
    expect(latestConversationId('wxother', 'o-first')).toBeUndefined();
  });

  it('forgets the customer noted longest ago once it holds 10,000', () => {
    noteLatestConversation('wxbusy', 'o-oldest', 'C-oldest');
    noteLatestConversation('wxbusy', 'o-kept', 'C-kept');
    for (let customer = 0; customer < 9_998; customer++)
      noteLatestConversation('wxbusy', `o-${customer}`, 'C');
    // Seen again: now the most recent, so not the one to go.
    noteLatestConversation('wxbusy', 'o-kept', 'C-kept');
    noteLatestConversation('wxbusy', 'o-newest', 'C-newest');
    expect(latestConversationId('wxbusy', 'o-oldest')).toBeUndefined();
    expect(latestConversationId('wxbusy', 'o-kept')).toBe('C-kept');
    expect(latestConversationId('wxbusy', 'o-newest')).toBe('C-newest');
  });
});

import { describe, expect, it } from 'vitest';
import { loadText, unavailableReason } from '../../../web/src/agent-status.ts';
import type { TransferAgent } from '../../../web/src/api.ts';

const agent = (overrides: Partial<TransferAgent> = {}): TransferAgent => ({
  agentId: 'b',
  displayName: 'Bob',
  status: 'online',
  present: true,
  activeCount: 1,
  capacity: 2,
  available: true,
  ...overrides,
});

describe('unavailableReason', () => {
  it('is undefined for a colleague who can take the conversation', () => {
    expect(unavailableReason(agent())).toBeUndefined();
  });

  it("prefers the server's sentence", () => {
    expect(unavailableReason(agent({ available: false, unavailableBecause: 'Bob is away.' }))).toBe(
      'Bob is away.',
    );
  });

  it('says why on its own when the server gave no sentence', () => {
    expect(unavailableReason(agent({ available: false, status: 'away' }))).toBe('Bob is away.');
    expect(unavailableReason(agent({ available: false, present: false }))).toBe('Bob has no console open.');
    expect(unavailableReason(agent({ available: false, activeCount: 2 }))).toBe(
      'Bob has no room for another conversation.',
    );
  });
});

describe('loadText', () => {
  it('reads active conversations out of capacity', () => {
    expect(loadText({ activeCount: 2, capacity: 5 })).toBe('2 / 5');
  });
});

import { describe, expect, it } from 'vitest';
import { KeptChangingError, retryOnConflict } from '../../../shared/store/retry-on-conflict.ts';

const quick = { attempts: 4, firstDelayMs: 1, maxDelayMs: 2 };

describe('retryOnConflict', () => {
  it('tries again while another writer got in first, and returns what the round decided', async () => {
    let rounds = 0;
    const outcome = await retryOnConflict('thing', async () => (++rounds < 3 ? undefined : 'written'), quick);
    expect(outcome).toBe('written');
    expect(rounds).toBe(3);
  });

  it('gives up with a clear error after the stated number of attempts', async () => {
    let rounds = 0;
    const attempt = retryOnConflict(
      'conversation c1',
      async () => {
        rounds++;
        return undefined;
      },
      quick,
    );
    await expect(attempt).rejects.toThrow(new KeptChangingError('conversation c1', 4));
    expect(rounds).toBe(4);
  });

  it('does not retry a failure that is not a conflict', async () => {
    let rounds = 0;
    const attempt = retryOnConflict(
      'thing',
      async () => {
        rounds++;
        throw new Error('the table is gone');
      },
      quick,
    );
    await expect(attempt).rejects.toThrow('the table is gone');
    expect(rounds).toBe(1);
  });
});

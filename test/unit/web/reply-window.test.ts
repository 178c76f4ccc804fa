import { describe, expect, it } from 'vitest';
import {
  type ReplyWindow,
  allowance as serverAllowance,
  type WindowGrant,
} from '../../../shared/domain/reply-window.ts';
import { allowance } from '../../../web/src/reply-window.ts';

/** The console mirrors the server's rule (it imports no runtime code from shared/): they must agree. */
describe('allowance', () => {
  it('answers as the server does, for every grant, use and moment', () => {
    const openedAt = 1_700_000_000_000;
    const grants: WindowGrant[] = ['message', 'session-entry', 'subscribe', 'qr-scan', 'menu-click'];
    const moments = [0, 1, 59_999, 60_000, 60_001, 47 * 3_600_000, 48 * 3_600_000, 48 * 3_600_000 + 1];
    expect(allowance(undefined, openedAt)).toEqual(serverAllowance(undefined, openedAt));
    for (const grant of grants) {
      for (let used = 0; used <= 6; used++) {
        for (const after of moments) {
          const window: ReplyWindow = { grant, openedAt, used };
          expect(allowance(window, openedAt + after), `${grant} ${used} +${after}`).toEqual(
            serverAllowance(window, openedAt + after),
          );
        }
      }
    }
  });
});

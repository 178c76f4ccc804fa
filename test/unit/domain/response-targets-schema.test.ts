import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { responseTargetsSchema } from '../../../shared/domain/response-targets-schema.ts';

describe('responseTargetsSchema', () => {
  it('takes the targets and the reassignment rule, each optional', () => {
    expect(z.parse(responseTargetsSchema, { firstResponseMinutes: 5, reassignAfterMinutes: 120 })).toEqual({
      firstResponseMinutes: 5,
      reassignAfterMinutes: 120,
    });
    expect(z.parse(responseTargetsSchema, { reassignAfterMinutes: 1 })).toEqual({ reassignAfterMinutes: 1 });
    expect(z.parse(responseTargetsSchema, {})).toEqual({});
  });

  it.each([0, 121, 2.5, -3, '10'])('refuses reassigning after %j minutes with a sentence', (minutes) => {
    const result = z.safeParse(responseTargetsSchema, { reassignAfterMinutes: minutes });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'a conversation is reassigned after a whole number of minutes from 1 to 120 without an answer',
    );
  });

  it('keeps the targets’ own range for the targets', () => {
    expect(z.safeParse(responseTargetsSchema, { nextResponseMinutes: 1440 }).success).toBe(true);
    expect(z.safeParse(responseTargetsSchema, { nextResponseMinutes: 1441 }).error?.issues[0]?.message).toBe(
      'the next-response target is a whole number of minutes from 1 to 1440',
    );
  });
});

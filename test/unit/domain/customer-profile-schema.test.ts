import { describe, expect, it } from 'vitest';
import { customerProfileChangeSchema } from '../../../shared/domain/customer-profile-schema.ts';

const parse = (body: unknown) => customerProfileChangeSchema.safeParse(body);

describe('customerProfileChangeSchema', () => {
  it('takes any of remark name, tags and note, trimming names and tags', () => {
    expect(parse({ remarkName: '  王女士 ', tags: [' VIP '] }).data).toEqual({
      remarkName: '王女士',
      tags: ['VIP'],
    });
    expect(parse({ note: null, remarkName: null }).data).toEqual({ note: null, remarkName: null });
  });

  it('refuses an empty change, unknown fields and what is too long or too many', () => {
    const paths = (body: unknown) => parse(body).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths({})).toEqual(['']);
    expect(parse({ nickname: 'x' }).error?.issues[0]?.code).toBe('unrecognized_keys');
    expect(paths({ remarkName: 'x'.repeat(41) })).toEqual(['remarkName']);
    expect(paths({ tags: ['x'.repeat(21)] })).toEqual(['tags.0']);
    expect(paths({ tags: ['  '] })).toEqual(['tags.0']);
    expect(paths({ tags: Array.from({ length: 21 }, (_, index) => `t${index}`) })).toEqual(['tags']);
    expect(paths({ note: 'x'.repeat(2001) })).toEqual(['note']);
  });
});

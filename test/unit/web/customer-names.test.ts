import { describe, expect, it } from 'vitest';
import { customerLabel, withListedNames, withName } from '../../../web/src/customer-names.ts';

const wang = { appId: 'wx1', openId: 'oWangXXXXXXXXXXXXXXXXXXXXXX1' };
const li = { appId: 'wx1', openId: 'oLiXXXXXXXXXXXXXXXXXXXXXXXX2' };

describe('customer names', () => {
  it('name a customer by their remark name, else by their openid shortened', () => {
    const names = withName({}, wang, '王女士');
    expect(customerLabel(names, wang)).toBe('王女士');
    expect(customerLabel(names, li)).toMatch(/^oLiX.+…/);
  });

  it('forget a remark name removed, and stay the same object when nothing changes', () => {
    const names = withName({}, wang, '王女士');
    expect(withName(names, wang, '王女士')).toBe(names);
    expect(withName(names, wang, undefined)).toEqual({});
  });

  it('take a list read as the truth for the customers it lists, and only for them', () => {
    const names = withName(withName({}, wang, '王女士'), li, '李先生');
    const next = withListedNames(names, [wang], []);
    expect(customerLabel(next, wang)).not.toBe('王女士');
    expect(customerLabel(next, li)).toBe('李先生');
    expect(customerLabel(withListedNames(next, [wang], [{ ...wang, remarkName: '王姐' }]), wang)).toBe(
      '王姐',
    );
  });
});

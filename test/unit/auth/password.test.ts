import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../shared/auth/password.ts';

describe('password hashing', () => {
  it('verifies the password it hashed and rejects another', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('treats unicode compositions of the same password alike', async () => {
    const stored = await hashPassword('caf\u00e9密码');
    expect(await verifyPassword('cafe\u0301密码', stored)).toBe(true);
  });

  it('rejects malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$1$2$3$c2FsdA==$aGFzaA==')).toBe(false);
  });
});

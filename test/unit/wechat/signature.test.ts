import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeMsgSignature, computeSignature, signatureMatches } from '../../../shared/wechat/signature.ts';

describe('computeSignature', () => {
  it('matches vector P1 (MP message-push doc)', () => {
    expect(computeSignature('AAAAA', '1714036504', '1514711492')).toBe(
      'f464b24fc39322e44b38aa78f5edd27bd1441696',
    );
  });

  it('matches vector P5 (wechatpy test_utils)', () => {
    expect(computeSignature('test', '1410685589', 'test')).toBe('f21891de399b4e33a1a93c9a7b8a8fffb5a443ff');
  });

  it('does not depend on argument order, because the parts are sorted', () => {
    expect(computeSignature('1514711492', 'AAAAA', '1714036504')).toBe(
      computeSignature('AAAAA', '1714036504', '1514711492'),
    );
  });

  it('sorts as strings, not numbers', () => {
    // Numerically 9 < 10, but as strings "10" < "9": the concatenation must be "109token".
    const expected = createHash('sha1').update('109token').digest('hex');
    expect(computeSignature('token', '9', '10')).toBe(expected);
  });
});

describe('computeMsgSignature', () => {
  it('matches vector C7 (open-platform push)', () => {
    const encrypt =
      'D7yzvUNAL930rd28wf21s4hvXhz0L6Uit/p2Di6C5DHyYGpEgdBRnKjBec34JwoQXicwaZC7fOVihW80F4VtsdvE//1vr7oAbqjDv8KenVp+ajKYpJnyQ4zMRhIC+a31fCVOMC03FfzV/QuC94kBP55a+Za3sJgvAn+ZbsNqZI5DkyuzkhQN8OBqCzFhizGmy0xpM0MEA4agpvE+RuNO1rhHTtuJB5yltw1FiYzecSXJ+y/D2r81VkRn2eYjh2ltsoyfbDR7Is6ookXIFxTfyeNyeHxMeT4KN5WpCDmSbTcUYrbBUlkGLJ9n/rU8YOywma6G7aTb7KZKOqCxgfoUlYEZPk4FUL/TK7ShriFDMVCLyjQJ15Ob++agDWtcxhfUfe6HIoIpRW8mKNBQiY/Jd1svvuskA1wLef1RTtzKfMpagSCX/laZINmdnX4zrF6kIaR9P4xQrWXbsTFHTYe0Mg==';
    expect(computeMsgSignature('AAAAA', '1715943329', '1590219412', encrypt)).toBe(
      '6c12a4205838198b8fa631b3220723bb07f1015c',
    );
  });
});

describe('signatureMatches', () => {
  const expected = 'f464b24fc39322e44b38aa78f5edd27bd1441696';

  it('accepts the identical signature', () => {
    expect(signatureMatches(expected, expected)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['one character different', `${expected.slice(0, -1)}7`],
    ['upper-case', expected.toUpperCase()],
    ['shorter', expected.slice(0, -1)],
    ['longer', `${expected}0`],
    ['same length in UTF-16 but not in bytes', `${expected.slice(0, -1)}é`],
  ])('rejects a %s signature', (_name, received) => {
    expect(signatureMatches(expected, received)).toBe(false);
  });
});

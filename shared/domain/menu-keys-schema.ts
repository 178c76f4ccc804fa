/**
 * An app's menu keys as its admins give them (menu-keys.ts), checked before they are saved. Apart
 * from the rules themselves, so the callback's bundle, which only reads them, carries no validator.
 */
import * as z from 'zod/mini';

const utf8 = new TextEncoder();
// WeChat caps a menu key at 128 bytes; a reply stays well below a text message's 2048 bytes.
const maxKeyBytes = 128;
const maxReplyBytes = 600;
const maxRules = 40;

export const menuKeyRulesSchema = z
  .array(
    z
      .strictObject({
        key: z.string().check(
          z.minLength(1),
          z.refine((key) => utf8.encode(key).length <= maxKeyBytes, `at most ${maxKeyBytes} bytes (UTF-8)`),
        ),
        action: z.enum(['contact', 'reply']),
        reply: z.optional(
          z.string().check(
            z.minLength(1),
            z.refine(
              (text) => utf8.encode(text).length <= maxReplyBytes,
              `at most ${maxReplyBytes} bytes (UTF-8)`,
            ),
          ),
        ),
      })
      .check(
        z.refine((rule) => rule.action === 'contact' || rule.reply !== undefined, {
          message: 'a reply key needs its reply text',
          path: ['reply'],
        }),
      ),
  )
  .check(
    z.maxLength(maxRules),
    z.refine(
      (rules) => new Set(rules.map((rule) => rule.key)).size === rules.length,
      'each key at most once',
    ),
  );

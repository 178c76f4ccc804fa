/**
 * WeChat's rules for the values of a subscribe message's fields (订阅消息参数值内容限制). A template's
 * keyword is named by its kind and a number (`thing1`, `time2`), and the kind decides what its value may
 * be; a value that breaks the rule makes WeChat refuse the whole send with 47003.
 * Source: developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html#其他说明
 * (the same table for Official Accounts' 订阅通知:
 * developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html#send发送订阅通知).
 */

export type KeywordKind =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'time'
  | 'date'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'name'
  | 'phrase';

interface KindRule {
  /** Characters (code points), as WeChat counts them. */
  maxCharacters: number;
  pattern?: RegExp;
}

// 24-hour times, with or without the date (年月日 or 2019-10-01): 15:01, 2019年10月1日 15:01.
const dateTime =
  /^(\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?|\d{1,2}:\d{2}|\d{4}-\d{1,2}-\d{1,2}( \d{1,2}:\d{2}(:\d{2})?)?)$/;

/** 20 for thing, 32 for the string kinds, 5 Chinese characters for a phrase, 10 for a name … */
export const keywordRules: Record<KeywordKind, KindRule> = {
  thing: { maxCharacters: 20 },
  number: { maxCharacters: 32, pattern: /^\d+(\.\d+)?$/ },
  letter: { maxCharacters: 32, pattern: /^[A-Za-z]+$/ },
  symbol: { maxCharacters: 5, pattern: /^[^A-Za-z0-9\p{Script=Han}]+$/u },
  character_string: { maxCharacters: 32, pattern: /^[\x21-\x7e]+$/ },
  time: { maxCharacters: 64, pattern: dateTime },
  date: { maxCharacters: 64, pattern: dateTime },
  amount: { maxCharacters: 16, pattern: /^\D?\d{1,10}(\.\d+)?元?$/ },
  phone_number: { maxCharacters: 17, pattern: /^[\d+\-() ]+$/ },
  car_number: { maxCharacters: 8 },
  // 20 letters, or 10 characters once a Chinese one is among them (limitOf).
  name: { maxCharacters: 20 },
  phrase: { maxCharacters: 5, pattern: /^\p{Script=Han}+$/u },
};

/** `thing12` → thing; undefined for a name that is not a WeChat keyword. */
export function keywordKindOf(keyword: string): KeywordKind | undefined {
  const kind = /^([a-z_]+?)\d+$/.exec(keyword)?.[1];
  return kind !== undefined && Object.hasOwn(keywordRules, kind) ? (kind as KeywordKind) : undefined;
}

export const characterCount = (text: string) => Array.from(text).length;

const han = /\p{Script=Han}/u;

function limitOf(kind: KeywordKind, text: string): number {
  return kind === 'name' && han.test(text) ? 10 : keywordRules[kind].maxCharacters;
}

/** Why WeChat would refuse the value for the keyword (47003), or undefined when it fits. */
export function problemWithKeywordValue(keyword: string, value: string): string | undefined {
  const kind = keywordKindOf(keyword);
  if (!kind) return `${keyword} is not a template keyword`;
  if (value.trim() === '') return `${keyword} is empty`;
  const rule = keywordRules[kind];
  const limit = limitOf(kind, value);
  if (characterCount(value) > limit) return `${keyword} has more than ${limit} characters`;
  if (rule.pattern && !rule.pattern.test(value)) return `${keyword} does not fit a ${kind} value`;
  return undefined;
}

/** Cut to the keyword's limit, the cut shown by an ellipsis inside the limit. */
export function truncateToKind(kind: KeywordKind, text: string): string {
  const characters = Array.from(text.replace(/\s+/g, ' ').trim());
  const limit = limitOf(kind, text);
  if (characters.length <= limit) return characters.join('');
  return `${characters.slice(0, limit - 1).join('')}…`;
}

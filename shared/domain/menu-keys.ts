/**
 * What an Official Account's menu buttons mean to customer service, set per app by its admins: a
 * button whose `EventKey` is a `contact` key (e.g. `CONTACT_KF` behind 「联系客服」) puts the customer in
 * front of an agent like a message does, optionally answered with a text; a `reply` key is answered
 * with its text and otherwise only noted in an open conversation. Keys not listed are noted only.
 */
export interface MenuKeyRule {
  /** The button's `key` in the menu WeChat was given (1 to 128 bytes). */
  key: string;
  action: 'contact' | 'reply';
  /** Sent to the customer on a click (WeChat allows 3 messages within a minute after one). */
  reply?: string;
}

export function menuKeyRuleOf(rules: readonly MenuKeyRule[] | undefined, key: string | undefined) {
  return key === undefined ? undefined : rules?.find((rule) => rule.key === key);
}

/** Whether a click on the button with this key asks for a person. */
export function isContactKey(rules: readonly MenuKeyRule[] | undefined, key: string | undefined): boolean {
  return menuKeyRuleOf(rules, key)?.action === 'contact';
}

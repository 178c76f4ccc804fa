/**
 * The value of text made of decimal digits only (leading zeros allowed), when it is a safe integer;
 * undefined for anything else, the empty text included. One pass over the digits, where a pattern test
 * and Number() would make two. Exact: every partial value of a safe integer is itself below 2^53, and
 * once a partial value passes 2^53 the digits after it only make it larger.
 */
export function wholeNumber(text: string): number | undefined {
  if (text.length === 0) return undefined;
  let value = 0;
  for (let index = 0; index < text.length; index++) {
    const digit = text.charCodeAt(index) - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return Number.isSafeInteger(value) ? value : undefined;
}

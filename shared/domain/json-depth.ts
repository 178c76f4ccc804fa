/**
 * How deeply JSON text nests, checked before it is parsed: nothing the platform accepts nests deeply
 * (WeChat's pushes are flat objects, the console's bodies a few levels), while text nested thousands
 * deep costs recursion in every parser, reviver and validator that walks it, and DynamoDB refuses
 * documents nested beyond 32 levels anyway.
 */
export const maxJsonDepth = 32;

/** Whether arrays and objects in the text nest deeper than `maxDepth`; one pass, strings skipped. */
export function jsonNestsDeeperThan(text: string, maxDepth: number = maxJsonDepth): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x22) {
      index = closingQuote(text, index);
      // An unterminated string runs to the end of the text.
      if (index === -1) return false;
    } else if (char === 0x7b || char === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
    }
  }
  return false;
}

/**
 * Where the string opened at `open` ends: the next quote that an odd run of backslashes does not
 * escape, found with indexOf rather than by reading the string's characters one by one.
 */
export function closingQuote(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  while (close !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return close;
    close = text.indexOf('"', close + 1);
  }
  return -1;
}

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
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index++; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b || char === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
    }
  }
  return false;
}

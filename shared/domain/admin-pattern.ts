/**
 * Regular expressions typed by admins (keyword rules, SessionFrom rules) run on customers' messages in
 * the same process as every other workspace's. JavaScript's RegExp backtracks: `^(a|a)+$` against 26
 * characters takes seconds, doubling with each one. These patterns therefore run on RE2 (the pure
 * JavaScript port `re2js`), whose time grows linearly with the text, and a pattern RE2 cannot run
 * (backreferences, lookahead, lookbehind), or that is too long or too costly, is refused when saved.
 *
 * A pattern must also be valid JavaScript (`u` flag) syntax, the dialect admins know: written in it, it
 * means what they expect (`\u4e00` is translated to RE2's `\x{4e00}`), and RE2-only syntax (`\Q…\E`,
 * `(?i)`) is refused rather than silently meaning something else.
 *
 * RE2 is loaded on the first pattern that needs it (a dynamic import: bundled, but evaluated only
 * then), so that starting a function costs nothing for it, and a workspace without regular
 * expressions never loads it at all. Checking and matching are therefore asynchronous.
 */
import type { RE2JS } from 're2js';

export const maxPatternLength = 200;

/**
 * RE2's measure of a compiled pattern (instructions); matching time grows with it. Everyday patterns
 * stay far below (`^(退|换)货` 7, `(订单|单号)\s*[:：]?\s*\d{10,20}` 45, `\w{1,100}@\w{1,100}` 401), while
 * counted repetitions can blow a short pattern up (`(?:a{1,30}){1,30}` 1801).
 */
const maxProgramSize = 1000;

/**
 * Longer texts match no pattern: keyword rules answer short questions, and this bounds the work one
 * message can cause (linear in text length × program size, for each of up to 50 rules).
 */
export const maxMatchedTextLength = 2000;

export interface PatternOptions {
  ignoreCase: boolean;
}

interface Scan {
  lookaround: boolean;
  backreference: boolean;
}

/** Finds lookaround groups and backreferences outside character classes, skipping escaped characters. */
function scan(pattern: string): Scan {
  const found: Scan = { lookaround: false, backreference: false };
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\') {
      const next = pattern[index + 1] ?? '';
      if (!inClass && /[1-9k]/.test(next)) found.backreference = true;
      index++;
    } else if (inClass) {
      if (char === ']') inClass = false;
    } else if (char === '[') {
      inClass = true;
    } else if (char === '(' && /^\(\?<?[=!]/.test(pattern.slice(index, index + 4))) {
      found.lookaround = true;
    }
  }
  return found;
}

type Engine = typeof RE2JS;

let engineLoading: Promise<Engine> | undefined;

/** The RE2 engine, loaded once, on first use. */
function engine(): Promise<Engine> {
  engineLoading ??= import('re2js').then(
    (module) => module.RE2JS,
    (error: unknown) => {
      engineLoading = undefined;
      throw error;
    },
  );
  return engineLoading;
}

/** The compiled pattern, or why it cannot be saved, as a sentence for the admin. */
async function check(
  pattern: string,
  options: PatternOptions,
): Promise<{ compiled: RE2JS } | { problem: string }> {
  if (pattern.length > maxPatternLength) {
    return { problem: `a pattern has at most ${maxPatternLength} characters` };
  }
  try {
    new RegExp(pattern, options.ignoreCase ? 'iu' : 'u');
  } catch {
    return { problem: 'not a valid regular expression' };
  }
  const found = scan(pattern);
  if (found.backreference) {
    return {
      problem:
        'backreferences (\\1, \\k<name>) are not supported: patterns run on a linear-time engine (RE2)',
    };
  }
  if (found.lookaround) {
    return {
      problem:
        'lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported: patterns run on a linear-time engine (RE2)',
    };
  }
  const re2 = await engine();
  let compiled: RE2JS;
  try {
    compiled = re2.compile(re2.translateRegExp(pattern), options.ignoreCase ? re2.CASE_INSENSITIVE : 0);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : '';
    return { problem: `not supported by the linear-time engine (RE2)${reason ? `: ${reason}` : ''}` };
  }
  if (compiled.programSize() > maxProgramSize) {
    return { problem: 'too complex: use fewer or smaller counted repetitions ({n,m})' };
  }
  return { compiled };
}

/** Why a pattern cannot be saved, as a sentence for the admin; undefined when it can. */
export async function patternProblem(pattern: string, options: PatternOptions): Promise<string | undefined> {
  const checked = await check(pattern, options);
  return 'problem' in checked ? checked.problem : undefined;
}

/** Compiled patterns, by flags and text; undefined for a pattern that cannot run (saved before it was checked). */
const compiledPatterns = new Map<string, RE2JS | undefined>();
const maxCompiledPatterns = 1000;

async function compiledPattern(pattern: string, options: PatternOptions): Promise<RE2JS | undefined> {
  const key = `${options.ignoreCase ? 'i' : ''}/${pattern}`;
  if (compiledPatterns.has(key)) return compiledPatterns.get(key);
  const checked = await check(pattern, options);
  const result = 'compiled' in checked ? checked.compiled : undefined;
  if (compiledPatterns.size >= maxCompiledPatterns) compiledPatterns.clear();
  compiledPatterns.set(key, result);
  return result;
}

/**
 * Whether the pattern occurs in the text, in time linear in the text. A pattern that cannot be saved
 * (one stored before these checks existed) matches nothing, and neither does a text over
 * maxMatchedTextLength.
 */
export async function patternMatches(
  pattern: string,
  text: string,
  options: PatternOptions,
): Promise<boolean> {
  if (text.length > maxMatchedTextLength) return false;
  return (await compiledPattern(pattern, options))?.test(text) ?? false;
}

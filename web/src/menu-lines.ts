import type { QuickReplyMenu } from './api.ts';

/**
 * A saved menu's options as the quick-reply form edits them: one option per line, `ID=text` or just the
 * text (its number is then its id). Blank lines are skipped.
 */
export function optionsFromLines(lines: string): QuickReplyMenu['options'] {
  return lines
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line, index) => {
      const match = /^([A-Za-z0-9_-]{1,64})\s*=\s*(.*)$/.exec(line);
      return match
        ? { id: match[1] ?? '', text: (match[2] ?? '').trim() }
        : { id: String(index + 1), text: line };
    });
}

/** The lines for options, each as `ID=text`, so an id chosen once stays. */
export function linesFromOptions(options: QuickReplyMenu['options']): string {
  return options.map((option) => `${option.id}=${option.text}`).join('\n');
}

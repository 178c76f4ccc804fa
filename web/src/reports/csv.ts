/**
 * CSV as Excel reads it (RFC 4180: CRLF rows, fields quoted when they hold a comma, a quote or a line
 * break, quotes doubled), starting with a UTF-8 byte order mark: without it, Excel set to Chinese opens
 * the file as GBK and the Chinese turns to mojibake.
 */

export type CsvCell = string | number | null | undefined;

const byteOrderMark = '\uFEFF';

/**
 * Text a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return before
 * one) gets a leading apostrophe, so a queue or agent named `=HYPERLINK(…)` stays text when opened
 * (CSV injection). Numbers are written as numbers.
 */
function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutralised(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The file's text: rows of cells, an empty row for an empty array. */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return `${byteOrderMark}${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

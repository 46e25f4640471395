/**
 * One CSV cell: RFC 4180 quoting, and a leading apostrophe on anything a spreadsheet would run as a formula
 * (a cell starting with = + - @ tab or carriage return), whatever the column: names and shop names come from
 * platforms and sellers and may be hostile.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(';') : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

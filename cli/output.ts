/** How commands print: aligned tables for people, one JSON document for scripts. */

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
}

const width = (s: string) => [...s].length;

export function formatTable<T>(rows: T[], columns: Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => String(c.value(row) ?? '').replace(/\s+/g, ' ')));
  const widths = columns.map((c, i) => Math.max(width(c.header), ...cells.map((r) => width(r[i]!))));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v + ' '.repeat(widths[i]! - width(v))))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)].join('\n');
}

export function printTable<T>(rows: T[], columns: Column<T>[], empty = 'Nothing to show.'): void {
  console.log(rows.length ? formatTable(rows, columns) : empty);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Help text listing examples, appended to a command's --help. */
export const examples = (...lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;

export const date = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().slice(0, 19).replace('T', ' ') : '');

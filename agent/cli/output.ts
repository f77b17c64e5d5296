/** Airflow-CLI-like output: `--output table` (default), `json`, `yaml` or `plain`. */
export type OutputFormat = 'table' | 'json' | 'yaml' | 'plain';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml', 'plain'];

function cell(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Renders rows (objects with the same keys) in the chosen format. */
export function formatRows(rows: Record<string, unknown>[], columns: string[], format: OutputFormat): string {
  if (format === 'json')
    return JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))));
  if (format === 'yaml') {
    if (rows.length === 0) return '[]';
    return rows
      .map((r) => columns.map((c, i) => `${i === 0 ? '- ' : '  '}${c}: ${JSON.stringify(r[c] ?? null)}`).join('\n'))
      .join('\n');
  }
  if (rows.length === 0) return 'No data found';
  const data = rows.map((r) => columns.map((c) => cell(r[c])));
  if (format === 'plain') return [columns, ...data].map((line) => line.join('\t')).join('\n');
  const widths = columns.map((c, i) => Math.max(c.length, ...data.map((d) => d[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((s, i) => s.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd();
  return [line(columns), widths.map((w) => '='.repeat(w)).join('=+='), ...data.map(line)].join('\n');
}

import { pyJsonDumps } from '../python/json-dumps.js';
import { pyFloat } from '../python/number-conversion.js';
import { pyRepr, pyStr } from '../python/repr.js';
import { pyYamlDump } from '../python/yaml-dump.js';

/** Airflow-CLI-like output: `--output table` (default), `json`, `yaml` or `plain`. */
export type OutputFormat = 'table' | 'json' | 'yaml' | 'plain';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml', 'plain'];

/** A value after `AirflowConsole._normalize_data`: str, None, or (outside tables) lists and dicts of them. */
type Normalized = string | null | Normalized[] | { [k: string]: Normalized };

/**
 * Renders rows as Airflow's `AirflowConsole.print_as(rows, output)` (airflow/cli/simple_table.py, the same in
 * 2.x and 3.x) prints them: every value through `_normalize_data` (str() of scalars, so booleans are `True`,
 * numbers `"3"` even in JSON; lists joined with `,` in tables), then rich's SimpleTable, `json.dumps`,
 * `yaml.dump` or tabulate's `plain` format. `columns` picks and orders each row's keys.
 */
export function formatRows(rows: Record<string, unknown>[], columns: string[], format: OutputFormat): string {
  const data = rows.map((r) => columns.map((c) => normalize(r[c], format)));
  const dicts = () => data.map((values) => Object.fromEntries(columns.map((c, i) => [c, values[i]!])));
  if (format === 'json') return pyJsonDumps(dicts());
  // rich prints yaml.dump's text, which ends in a newline, and a newline of its own.
  if (format === 'yaml') return `${pyYamlDump(dicts())}\n`;
  if (rows.length === 0) return 'No data found';
  if (format === 'plain') return tabulatePlain(columns, data);
  return richSimpleTable(
    columns,
    data.map((values) => values.map((v) => pyStr(v))),
  );
}

/** `AirflowConsole._normalize_data(value, output)`. */
function normalize(value: unknown, format: OutputFormat): Normalized {
  if (Array.isArray(value)) {
    const items = value.map((x) => normalize(x, format));
    return format === 'table' ? items.map((x) => pyStr(x)).join(',') : items;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    if (format === 'table') return pyRepr(value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v, format)]));
  }
  if (value === null || value === undefined) return null;
  return pyStr(value);
}

/**
 * rich's Table as Airflow's SimpleTable sets it up: box ASCII_DOUBLE_HEAD without edges, cells padded by one
 * space between columns (` | `), the header rule `=+=`, and the caption `" "` as a last line of spaces the
 * table's width. Airflow prints to a 200-column console when not on a terminal; wider tables are not wrapped
 * here as rich would wrap them.
 */
function richSimpleTable(columns: string[], cells: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) => values.map((s, i) => s.padEnd(widths[i]!)).join(' | ');
  const width = widths.reduce((a, w) => a + w, 0) + 3 * (widths.length - 1);
  return [line(columns), widths.map((w) => '='.repeat(w)).join('=+='), ...cells.map(line), ' '.repeat(width)].join(
    '\n',
  );
}

type ColumnType = 0 | 1 | 2 | 3 | 4; // tabulate's order of generality: None < bool < int < float < str

/** Strings Python's `int()` reads (base 10: signs, surrounding whitespace, `_` between digits). */
const PY_INT = /^\s*[-+]?\d(?:_?\d)*\s*$/;
/** Finite strings Python's `float()` reads; tabulate's `_isnumber` also takes exactly `inf`, `-inf`, `nan`. */
const PY_FLOAT = /^\s*[-+]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][-+]?\d(?:_?\d)*)?\s*$/;

/** tabulate's `_type`: the type a cell's value reads as (`int("3")` and `float("1.5")` succeed on strings). */
function cellType(v: Normalized): ColumnType {
  if (v === null) return 0;
  if (typeof v !== 'string') return 4;
  if (v === 'True' || v === 'False') return 1;
  if (PY_INT.test(v)) return 2;
  if (PY_FLOAT.test(v)) return Number.isFinite(pyFloat(v)) ? 3 : 4;
  if (['inf', '-inf', 'nan'].includes(v.toLowerCase())) return 3;
  return 4;
}

/**
 * tabulate 0.9's `plain` format (Airflow 2.x's pin) as Airflow calls it (`tabulate(rows, tablefmt="plain", headers=…)`): columns two
 * spaces apart, each at least its header plus two wide; numeric columns aligned on the decimal point and to
 * the right (floats formatted with `g`), others to the left and stripped; None empty; trailing spaces stripped.
 * tabulate 0.10 (Airflow 3.x) also reads `""` as missing and `1,000` as a number when typing a column; those
 * cells are typed as 0.9 types them.
 */
function tabulatePlain(columns: string[], data: Normalized[][]): string {
  const cols = columns.map((header, i) => {
    const values = data.map((row) => row[i]!);
    const type = Math.max(...values.map(cellType)) as ColumnType;
    const numeric = type === 2 || type === 3;
    // A column typed float by its other cells holding "True" is where tabulate raises; it prints as is here.
    let cells = values.map((v) => (v === null ? '' : type === 3 && cellType(v) >= 2 ? formatG(pyFloat(v)) : pyStr(v)));
    if (!numeric) cells = cells.map(pyStrip);
    else {
      const after = cells.map(afterPoint);
      const most = Math.max(...after);
      cells = cells.map((s, j) => s + ' '.repeat(most - after[j]!));
    }
    const width = Math.max(header.length + 2, ...cells.map((s) => s.length));
    const pad = (s: string) => (numeric ? s.padStart(width) : s.padEnd(width));
    return { header: pad(header), cells: cells.map(pad) };
  });
  const line = (values: string[]) => values.join('  ').trimEnd();
  const text = [line(cols.map((c) => c.header)), ...data.map((_, j) => line(cols.map((c) => c.cells[j]!)))].join('\n');
  // print() adds a newline after the last row even when that row is empty.
  return text.endsWith('\n') ? `${text}\n` : text;
}

/** Python's `str.strip()`: its whitespace, not JavaScript's (no U+FEFF; U+001C–U+001F and U+0085 too). */
const pyStrip = (s: string) =>
  s.replace(
    /^[ \t\n\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[ \t\n\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g,
    '',
  );

/** tabulate's `_afterpoint`: digits after the decimal point of a number's text, -1 for an integer. */
function afterPoint(s: string): number {
  const type = cellType(s);
  if (type !== 2 && type !== 3) return -1;
  if (type === 2) return -1;
  const point = s.lastIndexOf('.');
  const pos = point >= 0 ? point : s.toLowerCase().lastIndexOf('e');
  return pos < 0 ? -1 : s.length - pos - 1;
}

/** Python's `format(x, "g")`: six significant digits, exponent form outside 1e-4 ≤ |x| < 1e6. */
function formatG(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential(5).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const fixed = x.toFixed(Math.max(0, 5 - exp));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
